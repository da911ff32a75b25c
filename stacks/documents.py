"""An environment's documents from its config: the one place both the stack program and the local runtime get
their storage set and the app's environment from, so what runs locally is what the cloud gets."""

from __future__ import annotations

from typing import Any

from components.documents.app_env import WORKER_CONCURRENCY, AppEnv, app_env, instance_name
from components.documents.storage import StorageSet, storage_set
from components.types import EnvironmentKind
from stacks.config.model import EnvironmentConfig


def environment_storage_set(config: EnvironmentConfig) -> StorageSet:
    names, storage = config.names, config.storage
    return storage_set(
        data_bucket=names.data_bucket,
        log_bucket=names.log_bucket,
        inventory_bucket=names.inventory_bucket,
        public=storage.public,
        write_origins=config.web_origins,
        blob_noncurrent_days=storage.blob_noncurrent_days,
        zarr_noncurrent_days=storage.zarr_noncurrent_days,
        manifest_noncurrent_days=storage.manifest_noncurrent_days,
        abort_multipart_days=storage.abort_multipart_days,
        log_retention_days=storage.log_retention_days,
        inventory_frequency=str(storage.inventory_frequency),
    )


def environment_instance_name(config: EnvironmentConfig) -> str:
    return instance_name(
        prefix=config.prefix, environment=config.name, production=config.kind is EnvironmentKind.prod
    )


def api_url(config: EnvironmentConfig) -> str:
    return f"https://{config.names.api_hostname}"


def web_url(config: EnvironmentConfig) -> str:
    return f"https://{config.names.web_hostname}"


def heroku_app_env(
    config: EnvironmentConfig,
    *,
    bucket_name: Any,
    access_key_id: Any,
    secret_access_key: Any,
    django_secret_key: Any,
    sentry_dsn: Any | None = None,
) -> AppEnv:
    """DJANGO_ALLOWED_HOSTS is completed by HerokuApi with the app's own herokuapp.com hostname, known only
    once the app exists."""
    if config.heroku is None:
        raise ValueError(f"environment {config.name} has no heroku section (kind {config.kind})")
    return app_env(
        api_url=api_url(config),
        web_app_url=web_url(config),
        allowed_hosts=[config.names.api_hostname],
        cors_origins=config.web_origins,
        bucket_name=bucket_name,
        access_key_id=access_key_id,
        secret_access_key=secret_access_key,
        region=config.aws_region,
        django_secret_key=django_secret_key,
        instance_name=environment_instance_name(config),
        worker_concurrency=WORKER_CONCURRENCY[config.heroku.worker.size],
        sentry_dsn=sentry_dsn,
        sentry_environment=(config.sentry and config.sentry.environment) or config.name,
    )
