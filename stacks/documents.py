"""An environment's documents from its config: the one place both the stack program and the local runtime get
their storage set and the app's environment from, so what runs locally is what the cloud gets."""

from __future__ import annotations

from typing import Any

from components.documents.app_env import WORKER_CONCURRENCY, AppEnv, app_env, instance_name
from components.documents.people_env import people_env
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


def github_callback_url(config: EnvironmentConfig) -> str:
    """What the operator pastes into the GitHub OAuth app ("Authorization callback URL")."""
    return f"https://{config.names.api_hostname}/accounts/github/login/callback/"


def mail_from(config: EnvironmentConfig) -> str:
    return config.auth.mail_from or f"noreply@{config.domain}"


def people_app_env(
    config: EnvironmentConfig, *, email_url: Any | None, github_client_secret: Any | None
) -> AppEnv:
    """Sign-in, admins, approval and mail from the `auth` section; both secrets come in as Pulumi secrets."""
    auth = config.auth
    return people_env(
        local_accounts=auth.local_accounts,
        mail_from=mail_from(config),
        admins=auth.admins,
        auto_approve_domains=auth.auto_approve_domains,
        admin_email=auth.admin_email,
        github_client_id=auth.github.client_id if auth.github else None,
        github_client_secret=github_client_secret if auth.github else None,
        email_url=email_url,
    )
