"""The people part of the API app's Heroku environment (app/README.md's table): sign-in, admins, approval,
mail. Pure: the email URL and the GitHub client secret are passed in opaque (Pulumi secrets) and placed only
in the sensitive map."""

from __future__ import annotations

from typing import Any

from components.documents.app_env import AppEnv
from stacks.config import EnvironmentConfig

SENSITIVE_NAMES = frozenset({"DJANGO_EMAIL_URL", "DJANGO_GITHUB_CLIENT_SECRET"})


def github_callback_url(config: EnvironmentConfig) -> str:
    """What the operator pastes into the GitHub OAuth app ("Authorization callback URL")."""
    return f"https://{config.names.api_hostname}/accounts/github/login/callback/"


def mail_from(config: EnvironmentConfig) -> str:
    return config.auth.mail_from or f"noreply@{config.domain}"


def people_app_env(
    config: EnvironmentConfig, *, email_url: Any | None, github_client_secret: Any | None
) -> AppEnv:
    auth = config.auth
    plain: dict[str, Any] = {
        "DJANGO_DANDI_LOCAL_ACCOUNTS": "true" if auth.local_accounts else "false",
        "DJANGO_DEFAULT_FROM_EMAIL": mail_from(config),
    }
    if auth.admins:
        plain["DJANGO_DANDI_ADMINS"] = ",".join(auth.admins)
    if auth.auto_approve_domains:
        plain["DJANGO_DANDI_AUTO_APPROVE_DOMAINS"] = ",".join(auth.auto_approve_domains)
    if auth.admin_email:
        plain["DJANGO_DANDI_ADMIN_EMAIL"] = auth.admin_email
    sensitive: dict[str, Any] = {}
    if email_url is not None:
        sensitive["DJANGO_EMAIL_URL"] = email_url
    if auth.github is not None:
        if github_client_secret is None:
            raise ValueError("auth.github is configured but no client secret was passed in")
        plain["DJANGO_GITHUB_CLIENT_ID"] = auth.github.client_id
        sensitive["DJANGO_GITHUB_CLIENT_SECRET"] = github_client_secret
    return AppEnv(plain=plain, sensitive=sensitive)
