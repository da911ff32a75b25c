"""Zarr archives: create and list them, list/upload/delete their files, finalize (the worker checksums)."""

from __future__ import annotations

from django.http import HttpResponseRedirect
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from archive.pagination import DandiPagination
from archive.serializers import ZarrCreateRequest, ZarrFileEntrySerializer, ZarrFileRequest, ZarrSerializer
from archive.services import zarr as zarr_service
from archive.views.params import ZarrFilesParams, ZarrListParams, parse


@extend_schema(methods=["GET"], parameters=[ZarrListParams], responses=ZarrSerializer(many=True))
@extend_schema(methods=["POST"], request=ZarrCreateRequest, responses=ZarrSerializer)
@api_view(["GET", "POST"])
def zarr_list(request: Request) -> Response:
    if request.method == "POST":
        body = parse(ZarrCreateRequest, request.data)
        zarr = zarr_service.create_zarr(
            user=request.user, name=body["name"], dandiset_identifier=body["dandiset"]
        )
        return Response(ZarrSerializer(zarr).data)
    params = parse(ZarrListParams, request.query_params)
    qs = zarr_service.list_zarrs(
        user=request.user, dandiset_identifier=params["dandiset"] or None, name=params["name"] or None
    )
    paginator = DandiPagination()
    page = paginator.paginate_queryset(qs, request)
    return paginator.get_paginated_response(ZarrSerializer(page, many=True).data)


@extend_schema(responses=ZarrSerializer)
@api_view(["GET"])
def zarr_detail(request: Request, zarr_id: str) -> Response:
    return Response(ZarrSerializer(zarr_service.get_zarr(user=request.user, zarr_id=zarr_id)).data)


@extend_schema(
    methods=["GET"],
    parameters=[ZarrFilesParams],
    responses={200: ZarrFileEntrySerializer(many=True), 302: None},
)
@extend_schema(methods=["POST"], request=ZarrFileRequest(many=True), responses={200: OpenApiTypes.ANY})
@extend_schema(methods=["DELETE"], request=ZarrFileRequest(many=True), responses={204: None})
@api_view(["GET", "POST", "DELETE"])
def zarr_files(request: Request, zarr_id: str) -> Response | HttpResponseRedirect:
    """GET lists files (download=true with an exact path redirects to it); POST returns presigned PUT URLs in
    the order of the files sent; DELETE removes files."""
    if request.method == "POST":
        files = parse(ZarrFileRequest, request.data, many=True)
        return Response(zarr_service.upload_urls(user=request.user, zarr_id=zarr_id, files=files))
    if request.method == "DELETE":
        files = parse(ZarrFileRequest, request.data, many=True)
        zarr_service.delete_files(user=request.user, zarr_id=zarr_id, files=files)
        return Response(status=204)
    params = parse(ZarrFilesParams, request.query_params)
    if params["download"]:
        return HttpResponseRedirect(
            zarr_service.file_download_url(user=request.user, zarr_id=zarr_id, path=params["prefix"])
        )
    entries = zarr_service.list_files(user=request.user, zarr_id=zarr_id, prefix=params["prefix"])
    paginator = DandiPagination()
    page = paginator.paginate_queryset(entries, request)
    return paginator.get_paginated_response(page)


@extend_schema(request=None, responses={204: None})
@api_view(["POST"])
def zarr_finalize(request: Request, zarr_id: str) -> Response:
    zarr_service.finalize(user=request.user, zarr_id=zarr_id)
    return Response(status=204)
