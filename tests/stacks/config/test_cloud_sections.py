"""Config the cloud components add to the heroku section: pipeline ownership, build source, log drain."""

import pytest

from stacks.config.model import ConfigError, validate_environment

BASE = {"prefix": "exarch", "dns": {"manage": True}}


def load(name, domain="example-archive.org", **sections):
    return validate_environment({**BASE, "name": name, "domain": domain, **sections}, source="Pulumi.x.yaml")


def test_staging_joins_prods_pipeline_by_default_and_others_do_not():
    assert load("staging").heroku.pipeline_stack == "prod"
    assert load("prod").heroku.pipeline_stack is None
    assert load("sandbox-alice", sandbox={"owner": "alice"}).heroku.pipeline_stack is None


@pytest.mark.parametrize("name", ["prod", "sandbox-alice"])
def test_only_staging_may_join_a_pipeline(name):
    extra = {"sandbox": {"owner": "alice"}} if name.startswith("sandbox") else {}
    with pytest.raises(
        ConfigError, match=r"heroku.pipeline_stack: only staging joins another stack's pipeline"
    ):
        load(name, heroku={"pipeline_stack": "prod"}, **extra)


def test_checksum_needs_a_url_source():
    with pytest.raises(
        ConfigError, match=r"heroku.build_checksum: only applies when build_source is an https"
    ):
        load("prod", heroku={"build_checksum": "SHA256:" + "0" * 64})
    config = load(
        "prod", heroku={"build_source": "https://example.org/app.tgz", "build_checksum": "SHA256:" + "0" * 64}
    )
    assert config.heroku.build_source == "https://example.org/app.tgz"


def test_plain_http_source_is_refused():
    with pytest.raises(ConfigError, match=r"heroku.build_source: Heroku fetches sources over https only"):
        load("prod", heroku={"build_source": "http://example.org/app.tgz"})


def test_log_drain_url_must_be_encrypted_in_a_stack_file():
    with pytest.raises(ConfigError, match=r"heroku.log_drain_url: secret in plain text"):
        load("prod", heroku={"log_drain_url": "syslog+tls://logs.example.org:1234"})
    config = validate_environment(
        {
            **BASE,
            "name": "prod",
            "domain": "example-archive.org",
            "heroku": {"log_drain_url": "syslog+tls://logs.example.org:1234"},
        },
        source="stack prod",  # inside the engine the value arrives decrypted
    )
    assert config.heroku.log_drain_url.get_secret_value().startswith("syslog+tls://")


def test_sentry_project_and_dsn_are_exclusive():
    with pytest.raises(ConfigError, match=r"sentry.project: cannot be set together with dsn"):
        validate_environment(
            {
                **BASE,
                "name": "prod",
                "domain": "example-archive.org",
                "sentry": {
                    "dsn": "https://k@sentry.example/1",
                    "project": {"organization": "lab", "team": "be"},
                },
            },
            source="stack prod",
        )
