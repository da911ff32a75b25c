"""The web UI signs in as an OAuth2 client of the API (authorization code + PKCE, a public client), as DANDI's
does. Its application row is declared by settings and kept in step at every `migrate`."""

from __future__ import annotations

from django.conf import settings


def web_redirect_uris() -> list[str]:
    base = settings.DANDI_WEB_APP_URL.rstrip("/")
    return [f"{base}/", base]


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
