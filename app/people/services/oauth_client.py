"""The web UI signs in as an OAuth2 client of the API (authorization code + PKCE, a public client), as DANDI's
does. Its application row is declared by settings and kept in step at every `migrate`."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings

LOOPBACK_NAMES = {"127.0.0.1", "localhost"}


def web_redirect_uris() -> list[str]:
    """The UI's root (where it finishes a sign-in); on loopback under both names a browser may use."""
    base = settings.DANDI_WEB_APP_URL.rstrip("/")
    bases = [base]
    parts = urlsplit(base)
    if parts.hostname in LOOPBACK_NAMES:
        for name in sorted(LOOPBACK_NAMES - {parts.hostname}):
            bases.append(base.replace(f"//{parts.hostname}", f"//{name}", 1))
    return [uri for b in bases for uri in (f"{b}/", b)]


def ensure_web_client() -> None:
    from oauth2_provider.models import get_application_model

    application_model = get_application_model()
    application_model.objects.update_or_create(
        client_id=settings.DANDI_WEB_APP_OAUTH_CLIENT_ID,
        defaults={
            "name": "web UI",
            "client_type": application_model.CLIENT_PUBLIC,
            "authorization_grant_type": application_model.GRANT_AUTHORIZATION_CODE,
            "redirect_uris": " ".join(web_redirect_uris()),
            "post_logout_redirect_uris": " ".join(web_redirect_uris()),
            "skip_authorization": True,
        },
    )
