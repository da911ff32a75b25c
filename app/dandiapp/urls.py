"""Root routes: the API under /api/, /server-info at the host root (the dandi client probes it first),
sign-in under /accounts/ (allauth) and /oauth/ (the web UI's OAuth2 flow), the admin site under /admin/."""

from django.contrib import admin
from django.urls import include, path

from archive.views.info import info_view
from people.views import authorize_view

urlpatterns = [
    path("server-info", info_view, name="server-info"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("oauth/authorize/", authorize_view, name="oauth-authorize"),
    path("oauth/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("api/", include("people.urls")),
    path("api/", include("archive.urls")),
]
