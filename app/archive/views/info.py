"""/server-info, /api/info/, /api/health/ and /api/schemas/ (people/ answers users/me and the token check)."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from archive.services import metadata as md
from archive.services import storage
from archive.views.params import parse

CLI_MINIMAL_VERSION = "0.74.0"


def server_info() -> dict:
    version = md.schema_version()
    return {
        "schema_version": version,
        "schema_url": f"https://raw.githubusercontent.com/dandi/schema/master/releases/{version}/dandiset.json",
        "allowed_schema_versions": [version],
        "version": "dandi-stack-1",
        "cli-minimal-version": CLI_MINIMAL_VERSION,
        "cli-bad-versions": [],
        "cli-requires-python": ">=3.10",
        "services": {
            "api": {"url": f"{settings.DANDI_API_URL}/api"},
            "webui": {"url": settings.DANDI_WEB_APP_URL},
        },
        "instance_config": {"instance_name": settings.DANDI_INSTANCE_NAME},
    }


@extend_schema(responses={200: dict}, auth=[])
@api_view(["GET"])
@permission_classes([AllowAny])
def info_view(request: Request) -> Response:
    return Response(server_info())


class SchemaParams(serializers.Serializer):
    model = serializers.ChoiceField(choices=md.SCHEMA_MODELS, required=False, default="Dandiset")


@extend_schema(parameters=[SchemaParams], responses={200: dict}, auth=[])
@api_view(["GET"])
@permission_classes([AllowAny])
def schema_view(request: Request) -> Response:
    """dandischema's JSON schema of a model for this server's schema version (the metadata editor's)."""
    params = parse(SchemaParams, request.query_params)
    return Response(md.json_schema(params["model"]))


@extend_schema(
    responses={200: dict, 503: dict},
    auth=[],
)
@api_view(["GET"])
@permission_classes([AllowAny])
def health_view(request: Request) -> Response:
    result = {"database": "ok", "storage": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:
        result["database"] = f"error: {type(exc).__name__}"
    try:
        storage.check_bucket()
    except Exception as exc:
        result["storage"] = f"error: {type(exc).__name__}"
    ok = all(value == "ok" for value in result.values())
    return Response(result, status=200 if ok else 503)
