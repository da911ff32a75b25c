"""Names the stack hands Heroku, against the Platform API schema's patterns (npm @heroku-cli/schema)."""

from __future__ import annotations

import re

import pytest

from components.heroku.api import PROCESS_TYPES
from stacks.config.model import load_environment, validate_environment
from stacks.documents import heroku_app_env
from tests.contracts.npm_packages import heroku_schema_pattern
from tests.support.services import APP_DIR, REPO

SANDBOX = {
    "name": "sandbox-alice",
    "prefix": "exarch",
    "domain": "alice.sandbox.example-archive.org",
    "sandbox": {"owner": "alice"},
    "sentry": {"dsn": "https://k@sentry.example/1"},
}


@pytest.mark.parametrize("env", ["prod", "staging", "sandbox"])
def test_config_var_names_match_the_schema(env):
    config = validate_environment(SANDBOX, source="x") if env == "sandbox" else load_environment(env, REPO)
    wired = heroku_app_env(
        config,
        bucket_name="b",
        access_key_id="k",
        secret_access_key="s",
        django_secret_key="d",
        sentry_dsn="x",
    )
    pattern = heroku_schema_pattern("ConfigVars")
    names = [*wired.plain, *wired.sensitive]
    assert names
    assert [n for n in names if not re.fullmatch(pattern, n)] == []


def test_procfile_process_types_match_the_schema_and_the_formations():
    pattern = heroku_schema_pattern("ProcessTypes")
    lines = [line for line in (APP_DIR / "Procfile").read_text().splitlines() if line.strip()]
    types = [line.split(":", 1)[0] for line in lines]
    assert [t for t in types if not re.fullmatch(pattern, t)] == []
    assert set(PROCESS_TYPES) <= set(types)


def test_the_schema_patterns_are_read_not_assumed():
    with pytest.raises(LookupError):
        heroku_schema_pattern("NoSuchInterface")
    assert not re.fullmatch(heroku_schema_pattern("ConfigVars"), "DJANGO-DEBUG")
