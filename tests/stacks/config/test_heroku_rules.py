"""What Heroku's API refuses is refused by the config model first: one line naming key, problem and example.

Sources: the Platform API's app schema (name: 3-30 chars, ^[a-z][a-z0-9-]{1,28}[a-z0-9]$; the npm package
@heroku-cli/schema ships only TypeScript types without that pattern, so it is restated here), Heroku's dyno
type rules (eco/basic run at most one dyno per process type and cannot be mixed with other tiers), ACM
(team-owned apps on non-eco dynos; the Terraform provider warns that ACM without a team will most likely
fail) and the Common Runtime's regions and current stacks.
"""

from __future__ import annotations

import re

import pytest

from stacks.config.model import ConfigError, validate_environment
from stacks.config.names import ResourceNames

BASE = {"name": "staging", "prefix": "exarch", "domain": "staging.example-archive.org"}


def problems(**heroku):
    with pytest.raises(ConfigError) as err:
        validate_environment(
            {**BASE, "heroku": {"team": "example-lab", **heroku}}, source="Pulumi.staging.yaml"
        )
    lines = str(err.value).splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def test_derived_app_name_never_ends_in_a_dash_after_truncation():
    names = ResourceNames.derive(
        prefix="exarch", environment="sandbox-abcdefghijklmn", domain="x.org", kind="sandbox"
    )
    assert "exarch-sandbox-abcdefghijklmn-api"[:30].endswith("-")
    assert names.heroku_app == "exarch-sandbox-abcdefghijklmn"
    assert re.fullmatch(r"^[a-z][a-z0-9-]{1,28}[a-z0-9]$", names.heroku_app)


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        (
            "exarch-api-",
            "must be lowercase letters, digits and '-', start with a letter and end with a letter or digit",
        ),
        (
            "9exarch",
            "must be lowercase letters, digits and '-', start with a letter and end with a letter or digit",
        ),
        ("ab", "has 2 characters; Heroku allows 3-30"),
        ("a" * 31, "has 31 characters; Heroku allows 3-30"),
    ],
)
def test_app_names_heroku_refuses(name, problem):
    assert problems(app_name=name) == (
        f"Pulumi.staging.yaml: dandi-stack:heroku.app_name: {name!r} {problem} (e.g. exarch-api)"
    )


def test_more_than_one_basic_dyno_per_process_type():
    assert problems(web={"size": "basic", "quantity": 2}) == (
        "Pulumi.staging.yaml: dandi-stack:heroku.web.quantity: basic dynos run at most one per process type, "
        "got 2 (e.g. {size: basic, quantity: 1} or {size: standard-1x, quantity: 2})"
    )


def test_basic_mixed_with_standard():
    assert problems(worker={"size": "standard-2x", "quantity": 1}) == (
        "Pulumi.staging.yaml: dandi-stack:heroku.worker.size: mixes dyno tiers (basic, standard/performance); "
        "Heroku runs one app on eco, on basic, or on standard/performance dynos only (e.g. size: basic, as web has)"
    )


def test_eco_mixed_with_basic():
    line = problems(acm=False, web={"size": "eco", "quantity": 1})
    assert line.startswith(
        "Pulumi.staging.yaml: dandi-stack:heroku.worker.size: mixes dyno tiers (basic, eco)"
    )


def test_a_process_type_scaled_to_zero_does_not_count_as_a_mix():
    config = validate_environment(
        {**BASE, "heroku": {"team": "t", "checksum_worker": {"size": "performance-l", "quantity": 0}}},
        source="x",
    )
    assert config.heroku.checksum_worker.quantity == 0


def test_acm_needs_a_team():
    with pytest.raises(ConfigError) as err:
        validate_environment({**BASE, "heroku": {"acm": True}}, source="Pulumi.staging.yaml")
    assert str(err.value) == (
        "Pulumi.staging.yaml: dandi-stack:heroku.acm: Automated Certificate Management needs a team-owned app "
        "(heroku.team) (e.g. team: example-lab, or acm: false with the certificate managed another way)"
    )


def test_acm_defaults_to_on_with_a_team_and_off_without():
    with_team = validate_environment({**BASE, "heroku": {"team": "example-lab"}}, source="x")
    without = validate_environment({**BASE, "heroku": {}}, source="x")
    assert (with_team.heroku.acm_enabled, without.heroku.acm_enabled) == (True, False)


def test_no_acm_on_eco_dynos():
    eco = {"size": "eco", "quantity": 1}
    assert problems(web=eco, worker=eco, checksum_worker=eco) == (
        "Pulumi.staging.yaml: dandi-stack:heroku.acm: Heroku offers no ACM on eco dynos "
        "(e.g. size: basic, or acm: false)"
    )


@pytest.mark.parametrize(
    ("key", "value", "allowed"),
    [("region", "virginia", "us, eu"), ("stack", "heroku-20", "heroku-22, heroku-24")],
)
def test_region_and_stack_are_closed_vocabularies(key, value, allowed):
    line = problems(**{key: value})
    assert line.startswith(f"Pulumi.staging.yaml: dandi-stack:heroku.{key}: Input should be")
    assert line.endswith(f"got {value!r} (e.g. one of {allowed})")
