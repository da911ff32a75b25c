"""Dandisets and their versions."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from archive.pagination import DandiPagination
from archive.serializers import (
    DandisetCreateRequest,
    DandisetSerializer,
    VersionInfoSerializer,
    VersionSerializer,
    VersionUpdateRequest,
)
from archive.services import dandisets as dandiset_service
from archive.services import metadata as md
from archive.services import permissions
from archive.services import versions as version_service
from archive.services.dandisets import unembargo
from archive.services.versions import publishing
from archive.views.params import DandisetCreateParams, DandisetListParams, VersionListParams, parse


@extend_schema(methods=["GET"], parameters=[DandisetListParams], responses=DandisetSerializer(many=True))
@extend_schema(
    methods=["POST"],
    parameters=[DandisetCreateParams],
    request=DandisetCreateRequest,
    responses=DandisetSerializer,
)
@api_view(["GET", "POST"])
def dandiset_list(request: Request) -> Response:
    if request.method == "POST":
        params = parse(DandisetCreateParams, request.query_params)
        body = parse(DandisetCreateRequest, request.data)
        dandiset = dandiset_service.create_dandiset(
            user=request.user, name=body["name"], metadata=body["metadata"], embargo=params["embargo"]
        )
        return Response(DandisetSerializer(dandiset).data)
    params = parse(DandisetListParams, request.query_params)
    qs = dandiset_service.list_dandisets(
        user=request.user,
        draft=params["draft"],
        empty=params["empty"],
        embargoed=params["embargoed"],
        mine=params.get("user") == "me",
        search=params["search"],
        ordering=params["ordering"],
    )
    paginator = DandiPagination()
    page = paginator.paginate_queryset(qs, request)
    return paginator.get_paginated_response(DandisetSerializer(page, many=True).data)


@extend_schema(methods=["GET"], responses=DandisetSerializer)
@extend_schema(methods=["DELETE"], responses={204: None})
@api_view(["GET", "DELETE"])
def dandiset_detail(request: Request, dandiset_id: str) -> Response:
    dandiset = permissions.get_dandiset(identifier=dandiset_id)
    if request.method == "DELETE":
        dandiset_service.delete_dandiset(user=request.user, dandiset=dandiset)
        return Response(status=204)
    permissions.require_read(user=request.user, dandiset=dandiset)
    return Response(DandisetSerializer(dandiset).data)


@extend_schema(parameters=[VersionListParams], responses=VersionSerializer(many=True))
@api_view(["GET"])
def version_list(request: Request, dandiset_id: str) -> Response:
    params = parse(VersionListParams, request.query_params)
    dandiset = permissions.get_dandiset(identifier=dandiset_id)
    versions = version_service.list_versions(user=request.user, dandiset=dandiset, order=params["order"])
    paginator = DandiPagination()
    page = paginator.paginate_queryset(versions, request)
    return paginator.get_paginated_response(VersionSerializer(page, many=True).data)


@extend_schema(methods=["GET"], responses=dict)
@extend_schema(methods=["PUT"], request=VersionUpdateRequest, responses=VersionInfoSerializer)
@api_view(["GET", "PUT"])
def version_detail(request: Request, dandiset_id: str, version: str) -> Response:
    dandiset = permissions.get_dandiset(identifier=dandiset_id)
    obj = version_service.get_version(user=request.user, dandiset=dandiset, version=version)
    if request.method == "PUT":
        body = parse(VersionUpdateRequest, request.data)
        obj = version_service.update_draft(
            user=request.user, version=obj, name=body["name"], metadata=body["metadata"]
        )
        return Response(VersionInfoSerializer(obj).data)
    return Response(md.version_metadata(obj))


@extend_schema(responses=VersionInfoSerializer)
@api_view(["GET"])
def version_info(request: Request, dandiset_id: str, version: str) -> Response:
    dandiset = permissions.get_dandiset(identifier=dandiset_id)
    obj = version_service.get_version(user=request.user, dandiset=dandiset, version=version)
    return Response(VersionInfoSerializer(obj).data)


@extend_schema(request=None, responses={202: VersionSerializer})
@api_view(["POST"])
def version_publish(request: Request, dandiset_id: str, version: str) -> Response:
    """Start publishing the draft; poll its info until the status is Published."""
    dandiset = permissions.get_dandiset(identifier=dandiset_id)
    obj = version_service.get_version(user=request.user, dandiset=dandiset, version=version)
    draft = publishing.publish(user=request.user, version=obj)
    return Response(VersionSerializer(draft).data, status=202)


@extend_schema(request=None, responses={202: DandisetSerializer})
@api_view(["POST"])
def dandiset_unembargo(request: Request, dandiset_id: str) -> Response:
    """Start opening an embargoed dandiset; poll it until embargo_status is OPEN."""
    dandiset = permissions.get_dandiset(identifier=dandiset_id)
    permissions.require_read(user=request.user, dandiset=dandiset)
    return Response(
        DandisetSerializer(unembargo.unembargo(user=request.user, dandiset=dandiset)).data, status=202
    )
