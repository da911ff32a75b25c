"""Root routes: the API under /api/, /server-info at the host root (the dandi client probes it first)."""

from django.urls import include, path

from archive.views.info import info_view

urlpatterns = [
    path("server-info", info_view, name="server-info"),
    path("api/", include("archive.urls")),
]
