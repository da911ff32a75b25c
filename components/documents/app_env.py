"""The API app's Heroku environment (the app contract's variable names), split into plain and sensitive.

Pure: values wired from other components (bucket name, access key, generated secret key) are passed in opaque
(they may be Pulumi outputs) and only placed; nothing here imports Pulumi or does I/O. Secrets go only into
the sensitive map, which the HerokuApi component sends as Heroku sensitive config vars.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from stacks.config import DynoSize, EnvironmentConfig, EnvironmentKind

# Celery prefork processes per worker dyno: roughly one per 256 MB of dyno memory, capped by its CPU share.
WORKER_CONCURRENCY = {
    DynoSize.eco: 1,
    DynoSize.basic: 2,
    DynoSize.standard_1x: 2,
    DynoSize.standard_2x: 4,
    DynoSize.performance_m: 8,
    DynoSize.performance_l: 16,
}
SENSITIVE_NAMES = frozenset({"AWS_SECRET_ACCESS_KEY", "DJANGO_SECRET_KEY", "DJANGO_SENTRY_DSN"})


@dataclass(frozen=True)
class AppEnv:
    plain: dict[str, Any]
    sensitive: dict[str, Any]


def instance_name(config: EnvironmentConfig) -> str:
    """'DANDI' for prod of prefix dandi, 'EXARCH-STAGING' for a staging, and so on: shown in /server-info and
    the prefix of every identifier (EXARCH:000001). dandischema allows capital letters and dashes only, so the
    digits a prefix or environment name may hold are dropped ('lab2' -> 'LAB')."""
    raw = config.prefix if config.kind is EnvironmentKind.prod else f"{config.prefix}-{config.name}"
    return re.sub(r"-{2,}", "-", re.sub(r"[^A-Z-]", "", raw.upper())).strip("-")


def api_url(config: EnvironmentConfig) -> str:
    return f"https://{config.names.api_hostname}"


def web_url(config: EnvironmentConfig) -> str:
    return f"https://{config.web_hostname}"


def heroku_app_env(
    config: EnvironmentConfig,
    *,
    bucket_name: Any,
    access_key_id: Any,
    secret_access_key: Any,
    django_secret_key: Any,
    sentry_dsn: Any | None = None,
) -> AppEnv:
    """DATABASE_URL and CLOUDAMQP_URL are not here: the Postgres and CloudAMQP add-ons inject them, and the
    app falls back from CELERY_BROKER_URL to CLOUDAMQP_URL. DJANGO_ALLOWED_HOSTS is completed by HerokuApi
    with the app's own herokuapp.com hostname, known only once the app exists."""
    if config.heroku is None:
        raise ValueError(f"environment {config.name} has no heroku section (kind {config.kind})")
    plain: dict[str, Any] = {
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": config.names.api_hostname,
        "DJANGO_CORS_ALLOWED_ORIGINS": ",".join(config.web_origins),
        "DJANGO_STORAGE_BUCKET_NAME": bucket_name,
        "AWS_ACCESS_KEY_ID": access_key_id,
        "AWS_DEFAULT_REGION": config.aws_region,
        "DJANGO_DANDI_API_URL": api_url(config),
        "DJANGO_DANDI_WEB_APP_URL": web_url(config),
        "DJANGO_DANDI_INSTANCE_NAME": instance_name(config),
        "DJANGO_CELERY_WORKER_CONCURRENCY": str(WORKER_CONCURRENCY[config.heroku.worker.size]),
    }
    sensitive: dict[str, Any] = {
        "AWS_SECRET_ACCESS_KEY": secret_access_key,
        "DJANGO_SECRET_KEY": django_secret_key,
    }
    if sentry_dsn is not None:
        sensitive["DJANGO_SENTRY_DSN"] = sentry_dsn
        plain["DJANGO_SENTRY_ENVIRONMENT"] = (config.sentry and config.sentry.environment) or config.name
    return AppEnv(plain=plain, sensitive=sensitive)
