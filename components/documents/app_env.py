"""The API app's environment (the app contract's names, app/README.md), split into plain and sensitive.

One builder for every place the app runs: Heroku's config vars, the local runtime's processes and the app's
tests. Pure: values wired from other components (bucket name, access key, generated secret key) are passed in
opaque (they may be Pulumi outputs) and only placed; nothing here imports Pulumi or does I/O. Secrets go only
into the sensitive map, which the HerokuApi component sends as Heroku sensitive config vars.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from components.types import DynoSize

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

    def merged(self) -> dict[str, Any]:
        """Both maps as one process environment (where no config-var store keeps secrets apart)."""
        return {**self.plain, **self.sensitive}


def instance_name(*, prefix: str, environment: str, production: bool) -> str:
    """'DANDI' for prod of prefix dandi, 'EXARCH-STAGING' for a staging, and so on: shown in /server-info and
    the prefix of every identifier (EXARCH:000001). dandischema allows capital letters and dashes only, so the
    digits a prefix or environment name may hold are dropped ('lab2' -> 'LAB')."""
    raw = prefix if production else f"{prefix}-{environment}"
    return re.sub(r"-{2,}", "-", re.sub(r"[^A-Z-]", "", raw.upper())).strip("-")


def app_env(
    *,
    api_url: str,
    web_app_url: str,
    allowed_hosts: Sequence[str],
    bucket_name: Any,
    access_key_id: Any,
    secret_access_key: Any,
    region: str,
    django_secret_key: Any,
    instance_name: str,
    cors_origins: Sequence[str] | None = None,
    worker_concurrency: int | None = None,
    sentry_dsn: Any | None = None,
    sentry_environment: str | None = None,
    s3_endpoint_url: str | None = None,
    database_url: str | None = None,
    broker_url: str | None = None,
) -> AppEnv:
    """Where a platform injects a value (Heroku's add-ons: DATABASE_URL, CLOUDAMQP_URL, which the app uses
    when CELERY_BROKER_URL is unset) it is left out; optional values left None are not set at all."""
    plain: dict[str, Any] = {
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": ",".join(allowed_hosts),
        "DJANGO_STORAGE_BUCKET_NAME": bucket_name,
        "AWS_ACCESS_KEY_ID": access_key_id,
        "AWS_DEFAULT_REGION": region,
        "DJANGO_DANDI_API_URL": api_url,
        "DJANGO_DANDI_WEB_APP_URL": web_app_url,
        "DJANGO_DANDI_INSTANCE_NAME": instance_name,
    }
    optional = {
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": broker_url,
        "DJANGO_CORS_ALLOWED_ORIGINS": None if cors_origins is None else ",".join(cors_origins),
        "DJANGO_CELERY_WORKER_CONCURRENCY": None if worker_concurrency is None else str(worker_concurrency),
        "DJANGO_S3_ENDPOINT_URL": s3_endpoint_url,
        "DJANGO_S3_PUBLIC_ENDPOINT_URL": s3_endpoint_url,
    }
    plain.update({k: v for k, v in optional.items() if v is not None})
    sensitive: dict[str, Any] = {
        "AWS_SECRET_ACCESS_KEY": secret_access_key,
        "DJANGO_SECRET_KEY": django_secret_key,
    }
    if sentry_dsn is not None:
        sensitive["DJANGO_SENTRY_DSN"] = sentry_dsn
        plain["DJANGO_SENTRY_ENVIRONMENT"] = sentry_environment
    return AppEnv(plain=plain, sensitive=sensitive)
