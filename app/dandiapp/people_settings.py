"""Settings of people/ (accounts, sign-in, approval, mail, the admin site), from the environment.

Sign-in as DANDI does it: django-allauth (GitHub OAuth; local accounts with a password when
DJANGO_DANDI_LOCAL_ACCOUNTS=true) and django-oauth-toolkit, through which the web UI is an OAuth2 client of
the API. Kept apart from settings.py so that the people's part reads in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from dandiapp.email_url import email_settings


def people_settings(
    current: dict[str, Any],
    *,
    env: Callable[..., str],
    env_bool: Callable[..., bool],
    env_list: Callable[[str], list[str]],
) -> dict[str, Any]:
    api_url = current["DANDI_API_URL"]
    web_url = current["DANDI_WEB_APP_URL"]
    local_accounts = env_bool("DJANGO_DANDI_LOCAL_ACCOUNTS")
    github_id = env("DJANGO_GITHUB_CLIENT_ID")
    github_secret = env("DJANGO_GITHUB_CLIENT_SECRET")
    if bool(github_id) != bool(github_secret):
        raise ImproperlyConfigured(
            "DJANGO_GITHUB_CLIENT_ID and DJANGO_GITHUB_CLIENT_SECRET go together: set both (from the GitHub "
            "OAuth app) or neither"
        )
    github: dict[str, Any] = {"SCOPE": ["read:user", "user:email"]}
    if github_id:
        github["APPS"] = [{"client_id": github_id, "secret": github_secret, "key": ""}]
    if env("DJANGO_GITHUB_URL"):
        # GitHub Enterprise's base URL; the tests point it at a local stand-in of GitHub's OAuth and API.
        github["GITHUB_URL"] = env("DJANGO_GITHUB_URL").rstrip("/")
    admins = env_list("DJANGO_DANDI_ADMINS")
    for entry in admins:
        if "@" not in entry and not _is_github_username(entry):
            raise ImproperlyConfigured(
                f"DJANGO_DANDI_ADMINS entry {entry!r} is neither a GitHub username nor an email address"
            )
    default_from = env("DJANGO_DEFAULT_FROM_EMAIL") or f"noreply@{urlsplit(api_url).hostname or 'localhost'}"
    templates = current["TEMPLATES"]
    templates[0]["OPTIONS"]["context_processors"] = [
        *templates[0]["OPTIONS"]["context_processors"],
        "django.contrib.messages.context_processors.messages",
    ]
    return {
        **_static_files(current),
        "INSTALLED_APPS": [
            *_static_files(current).get("INSTALLED_APPS", current["INSTALLED_APPS"]),
            "django.contrib.admin",
            "django.contrib.messages",
            "allauth",
            "allauth.account",
            "allauth.socialaccount",
            "allauth.socialaccount.providers.github",
            "oauth2_provider",
            "people",
        ],
        "MIDDLEWARE": [
            *_static_files(current).get("MIDDLEWARE", current["MIDDLEWARE"]),
            "django.contrib.messages.middleware.MessageMiddleware",
            "allauth.account.middleware.AccountMiddleware",
        ],
        "TEMPLATES": templates,
        "AUTHENTICATION_BACKENDS": [
            "django.contrib.auth.backends.ModelBackend",
            "allauth.account.auth_backends.AuthenticationBackend",
        ],
        "LOGIN_URL": "/accounts/login/",
        "LOGIN_REDIRECT_URL": web_url + "/",
        "ACCOUNT_LOGOUT_REDIRECT_URL": web_url + "/",
        "ACCOUNT_LOGOUT_ON_GET": True,
        "ACCOUNT_ADAPTER": "people.adapters.AccountAdapter",
        "SOCIALACCOUNT_ADAPTER": "people.adapters.SocialAccountAdapter",
        "ACCOUNT_LOGIN_METHODS": {"username"},
        "ACCOUNT_SIGNUP_FIELDS": ["username*", "email*", "password1*", "password2*"],
        "ACCOUNT_EMAIL_VERIFICATION": "none",
        "ACCOUNT_UNIQUE_EMAIL": True,
        "SOCIALACCOUNT_ONLY": not local_accounts,
        "SOCIALACCOUNT_EMAIL_VERIFICATION": "none",
        "SOCIALACCOUNT_PROVIDERS": {"github": github},
        "SOCIALACCOUNT_STORE_TOKENS": False,
        "OAUTH2_PROVIDER": {
            "PKCE_REQUIRED": True,
            "ALLOWED_REDIRECT_URI_SCHEMES": ["http", "https"],
            "ACCESS_TOKEN_EXPIRE_SECONDS": 24 * 3600,
            "SCOPES": {"read": "Read", "write": "Write"},
        },
        "DANDI_LOCAL_ACCOUNTS": local_accounts,
        "DANDI_GITHUB_ENABLED": bool(github_id),
        "DANDI_ADMINS": admins,
        "DANDI_AUTO_APPROVE_DOMAINS": [
            d.lower().lstrip("@.") for d in env_list("DJANGO_DANDI_AUTO_APPROVE_DOMAINS")
        ],
        "DANDI_WEB_APP_OAUTH_CLIENT_ID": env("DJANGO_DANDI_WEB_APP_OAUTH_CLIENT_ID", "dandi-web-app"),
        "DANDI_ADMIN_EMAIL": env("DJANGO_DANDI_ADMIN_EMAIL"),
        "DEFAULT_FROM_EMAIL": default_from,
        "SERVER_EMAIL": default_from,
        **email_settings(env("DJANGO_EMAIL_URL")),
    }


def _static_files(current: dict[str, Any]) -> dict[str, Any]:
    """The admin site's CSS and scripts, served by the app itself (whitenoise) so it works on Heroku too; only
    when settings.py does not serve static files already."""
    if "django.contrib.staticfiles" in current["INSTALLED_APPS"]:
        return _unhashed_until_collected(current)
    middleware = list(current["MIDDLEWARE"])
    middleware.insert(
        middleware.index("django.middleware.security.SecurityMiddleware") + 1,
        "whitenoise.middleware.WhiteNoiseMiddleware",
    )
    return {
        "INSTALLED_APPS": [*current["INSTALLED_APPS"], "django.contrib.staticfiles"],
        "MIDDLEWARE": middleware,
        "STATIC_URL": "/static/",
        "STATIC_ROOT": current["BASE_DIR"] / "staticfiles",
        # Served from the apps' own folders too, so a clone works without a collectstatic step.
        "WHITENOISE_USE_FINDERS": True,
        "STORAGES": {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
        },
    }


def _unhashed_until_collected(current: dict[str, Any]) -> dict[str, Any]:
    """A manifest storage renders no page with {% static %} (the admin's) before collectstatic wrote its
    manifest (DEBUG off: it looks for the hashed file in STATIC_ROOT). Until then names stay plain, served
    from the apps; collectstatic itself keeps the manifest storage so that it writes one."""
    import sys

    storages = current.get("STORAGES") or {}
    backend = (storages.get("staticfiles") or {}).get("BACKEND", "")
    collecting = "collectstatic" in sys.argv
    if "Manifest" not in backend or collecting or (current["STATIC_ROOT"] / "staticfiles.json").exists():
        return {}
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    return {"STORAGES": {**storages, "staticfiles": plain}}


def _is_github_username(text: str) -> bool:
    """GitHub's rule: 1-39 letters, digits or single hyphens, not starting or ending with a hyphen."""
    import re

    return bool(re.fullmatch(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}", text))
