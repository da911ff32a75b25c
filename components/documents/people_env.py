"""The people part of the API app's environment (app/README.md's table): sign-in, admins, approval, mail.
Pure: the email URL and the GitHub client secret are passed in opaque (Pulumi secrets) and placed only in the
sensitive map."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from components.documents.app_env import AppEnv

SENSITIVE_NAMES = frozenset({"DJANGO_EMAIL_URL", "DJANGO_GITHUB_CLIENT_SECRET"})


def people_env(
    *,
    local_accounts: bool,
    mail_from: str,
    admins: Sequence[str] = (),
    auto_approve_domains: Sequence[str] = (),
    admin_email: str | None = None,
    github_client_id: str | None = None,
    github_client_secret: Any | None = None,
    email_url: Any | None = None,
) -> AppEnv:
    if (github_client_id is None) != (github_client_secret is None):
        raise ValueError("the GitHub client id and secret go together")
    plain: dict[str, Any] = {
        "DJANGO_DANDI_LOCAL_ACCOUNTS": "true" if local_accounts else "false",
        "DJANGO_DEFAULT_FROM_EMAIL": mail_from,
    }
    if admins:
        plain["DJANGO_DANDI_ADMINS"] = ",".join(admins)
    if auto_approve_domains:
        plain["DJANGO_DANDI_AUTO_APPROVE_DOMAINS"] = ",".join(auto_approve_domains)
    if admin_email:
        plain["DJANGO_DANDI_ADMIN_EMAIL"] = admin_email
    sensitive: dict[str, Any] = {}
    if email_url is not None:
        sensitive["DJANGO_EMAIL_URL"] = email_url
    if github_client_id is not None:
        plain["DJANGO_GITHUB_CLIENT_ID"] = github_client_id
        sensitive["DJANGO_GITHUB_CLIENT_SECRET"] = github_client_secret
    return AppEnv(plain=plain, sensitive=sensitive)
