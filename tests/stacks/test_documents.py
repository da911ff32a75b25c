"""The API app's Heroku environment: contract names, wiring, and secrets only in the sensitive map."""

import re

import pytest

from components.documents.app_env import SENSITIVE_NAMES
from stacks.config.model import validate_environment
from stacks.documents import heroku_app_env

PROD = {
    "name": "prod",
    "prefix": "exarch",
    "domain": "example-archive.org",
    "storage": {"extra_cors_origins": ["https://neurosift.app"]},
    "sentry": {"environment": "production"},
}


def env_for(raw, **overrides):
    config = validate_environment(raw, source="test")
    wired = {
        "bucket_name": "exarch-prod-dandisets",
        "access_key_id": "AKIAEXAMPLE",
        "secret_access_key": "s3cr3t-aws",
        "django_secret_key": "s3cr3t-django",
        "sentry_dsn": "https://k@sentry/1",
    }
    return heroku_app_env(config, **{**wired, **overrides})


def test_contract_names_and_values_for_prod():
    env = env_for(PROD)
    assert env.plain == {
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "api.example-archive.org",
        "DJANGO_CORS_ALLOWED_ORIGINS": "https://example-archive.org,https://neurosift.app",
        "DJANGO_STORAGE_BUCKET_NAME": "exarch-prod-dandisets",
        "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE",
        "AWS_DEFAULT_REGION": "us-east-2",
        "DJANGO_DANDI_API_URL": "https://api.example-archive.org",
        "DJANGO_DANDI_WEB_APP_URL": "https://example-archive.org",
        "DJANGO_DANDI_INSTANCE_NAME": "EXARCH",
        "DJANGO_CELERY_WORKER_CONCURRENCY": "4",
        "DJANGO_SENTRY_ENVIRONMENT": "production",
    }
    assert env.sensitive == {
        "AWS_SECRET_ACCESS_KEY": "s3cr3t-aws",
        "DJANGO_SECRET_KEY": "s3cr3t-django",
        "DJANGO_SENTRY_DSN": "https://k@sentry/1",
    }


def test_no_secret_value_or_name_is_plain():
    env = env_for(PROD)
    assert not SENSITIVE_NAMES & env.plain.keys()
    assert not {"s3cr3t-aws", "s3cr3t-django", "https://k@sentry/1"} & set(env.plain.values())


def test_without_sentry_there_is_no_sentry_var():
    env = env_for({**PROD, "sentry": {}}, sentry_dsn=None)
    assert "DJANGO_SENTRY_DSN" not in env.sensitive
    assert "DJANGO_SENTRY_ENVIRONMENT" not in env.plain


def test_staging_names_and_worker_size_follow_config():
    raw = {
        "name": "staging",
        "prefix": "exarch",
        "domain": "staging.example-archive.org",
        "dns": {"manage": True},
        "heroku": {
            "web": {"size": "standard-1x", "quantity": 1},
            "worker": {"size": "performance-m", "quantity": 2},
            "checksum_worker": {"size": "standard-1x", "quantity": 1},
        },
    }
    env = env_for(raw)
    assert env.plain["DJANGO_DANDI_INSTANCE_NAME"] == "EXARCH-STAGING"
    assert env.plain["DJANGO_SENTRY_ENVIRONMENT"] == "staging"
    assert env.plain["DJANGO_CELERY_WORKER_CONCURRENCY"] == "8"
    assert env.plain["DJANGO_DANDI_API_URL"] == "https://api.staging.example-archive.org"


@pytest.mark.parametrize(
    ("prefix", "name", "expected"),
    [("lab2", "prod", "LAB"), ("exarch", "sandbox-alice2", "EXARCH-SANDBOX-ALICE"), ("a2-b", "prod", "A-B")],
)
def test_instance_name_is_what_dandischema_accepts(prefix: str, name: str, expected: str) -> None:
    """dandischema allows capital letters and dashes only; anything else stops the app at import."""
    from dandischema.conf import UNVENDORED_ID_PATTERN

    raw = {"name": name, "prefix": prefix, "domain": "example-archive.org", "dns": {"manage": True}}
    if name.startswith("sandbox-"):
        raw["sandbox"] = {"owner": "alice"}
    instance = env_for(raw).plain["DJANGO_DANDI_INSTANCE_NAME"]
    assert instance == expected
    assert re.fullmatch(UNVENDORED_ID_PATTERN, instance)


def test_local_environment_is_refused():
    with pytest.raises(ValueError, match="has no heroku section"):
        env_for({"name": "local"})
