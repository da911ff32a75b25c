"""DJANGO_EMAIL_URL -> Django's EMAIL_* settings. One URL carries the whole mail server (the SES SMTP user's
password included), so it is one sensitive config var."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

SCHEMES = {
    "smtp": ("django.core.mail.backends.smtp.EmailBackend", False, False),
    "smtp+tls": ("django.core.mail.backends.smtp.EmailBackend", True, False),
    "smtp+ssl": ("django.core.mail.backends.smtp.EmailBackend", False, True),
    "console": ("django.core.mail.backends.console.EmailBackend", False, False),
    "locmem": ("django.core.mail.backends.locmem.EmailBackend", False, False),
    "dummy": ("django.core.mail.backends.dummy.EmailBackend", False, False),
}
EXAMPLE = "e.g. smtp+tls://USER:PASSWORD@email-smtp.us-east-2.amazonaws.com:587 or console://"


def email_settings(url: str, *, name: str = "DJANGO_EMAIL_URL") -> dict[str, Any]:
    """Parse the URL; an unknown scheme or a missing host is one error naming the variable (never the
    password)."""
    if not url:
        return {"EMAIL_BACKEND": SCHEMES["console"][0]}
    scheme = url.partition("://")[0].lower() if "://" in url else url.rstrip(":/").lower()
    if scheme not in SCHEMES:
        raise ImproperlyConfigured(
            f"{name} has scheme {scheme!r}; use one of {', '.join(sorted(SCHEMES))} ({EXAMPLE})"
        )
    backend, use_tls, use_ssl = SCHEMES[scheme]
    result: dict[str, Any] = {"EMAIL_BACKEND": backend}
    if not scheme.startswith("smtp"):
        return result
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured(f"{name} has a port that is not a number ({EXAMPLE})") from None
    if not parts.hostname:
        raise ImproperlyConfigured(f"{name} names no host ({EXAMPLE})")
    result.update(
        EMAIL_HOST=parts.hostname,
        EMAIL_PORT=port or (465 if use_ssl else 587 if use_tls else 25),
        EMAIL_HOST_USER=unquote(parts.username or ""),
        EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
        EMAIL_USE_TLS=use_tls,
        EMAIL_USE_SSL=use_ssl,
        EMAIL_TIMEOUT=30,
    )
    return result
