"""Assets: in a version, by id, download redirects, folder browsing."""

from __future__ import annotations

from django.http import HttpResponseRedirect
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from archive.pagination import DandiPagination
from archive.serializers import (
    AssetInfoSerializer,
    AssetListSerializer,
    AssetRequest,
    AssetWithMetadataSerializer,
)
from archive.services import assets as asset_service
from archive.services import permissions
from archive.services import versions as version_service
from archive.views.params import AssetListParams, AssetPathsParams, parse


def _content_ids(body: dict) -> dict[str, str | None]:
    return {key: (str(body[key]) if body.get(key) is not None else None) for key in ("blob_id", "zarr_id")}


def _version(request: Request, dandiset_id: str, version: str):
    dandiset = permissions.get_dandiset(identifier=dandiset_id)
    return version_service.get_version(user=request.user, dandiset=dandiset, version=version)


@extend_schema(
    methods=["GET"], parameters=[AssetListParams], responses=AssetWithMetadataSerializer(many=True)
)
@extend_schema(methods=["POST"], request=AssetRequest, responses=AssetWithMetadataSerializer)
@api_view(["GET", "POST"])
def asset_list(request: Request, dandiset_id: str, version: str) -> Response:
    obj = _version(request, dandiset_id, version)
    context = {"embargoed": obj.dandiset.embargoed}
    if request.method == "POST":
        body = parse(AssetRequest, request.data)
        asset = asset_service.add_asset(
            user=request.user, version=obj, metadata=body["metadata"], **_content_ids(body)
        )
        return Response(AssetWithMetadataSerializer(asset, context=context).data)
    params = parse(AssetListParams, request.query_params)
    qs = asset_service.list_assets(
        version=obj, path=params["path"], glob=params["glob"], order=params["order"]
    )
    serializer_class = AssetWithMetadataSerializer if params["metadata"] else AssetListSerializer
    paginator = DandiPagination()
    page = paginator.paginate_queryset(qs, request)
    return paginator.get_paginated_response(serializer_class(page, many=True, context=context).data)


@extend_schema(methods=["GET"], responses=dict)
@extend_schema(methods=["PUT"], request=AssetRequest, responses=AssetWithMetadataSerializer)
@extend_schema(methods=["DELETE"], responses={204: None})
@api_view(["GET", "PUT", "DELETE"])
def asset_detail(request: Request, dandiset_id: str, version: str, asset_id: str) -> Response:
    obj = _version(request, dandiset_id, version)
    if request.method == "PUT":
        body = parse(AssetRequest, request.data)
        asset = asset_service.update_asset(
            user=request.user,
            version=obj,
            asset_id=asset_id,
            metadata=body["metadata"],
            **_content_ids(body),
        )
        return Response(
            AssetWithMetadataSerializer(asset, context={"embargoed": obj.dandiset.embargoed}).data
        )
    if request.method == "DELETE":
        asset_service.remove_asset(user=request.user, version=obj, asset_id=asset_id)
        return Response(status=204)
    asset = asset_service.get_asset_in_version(version=obj, asset_id=asset_id)
    return Response(asset_service.full_metadata(asset=asset, dandiset=obj.dandiset))


@extend_schema(responses=AssetInfoSerializer)
@api_view(["GET"])
def asset_info_in_version(request: Request, dandiset_id: str, version: str, asset_id: str) -> Response:
    obj = _version(request, dandiset_id, version)
    asset = asset_service.get_asset_in_version(version=obj, asset_id=asset_id)
    return Response(AssetInfoSerializer(asset, context={"embargoed": obj.dandiset.embargoed}).data)


@extend_schema(parameters=[AssetPathsParams], responses=dict)
@api_view(["GET"])
def asset_paths(request: Request, dandiset_id: str, version: str) -> Response:
    obj = _version(request, dandiset_id, version)
    params = parse(AssetPathsParams, request.query_params)
    entries = asset_service.folder_listing(version=obj, path_prefix=params["path_prefix"])
    paginator = DandiPagination()
    page = paginator.paginate_queryset(entries, request)
    return paginator.get_paginated_response(page)


@extend_schema(responses=dict)
@api_view(["GET"])
def asset_by_id(request: Request, asset_id: str) -> Response:
    asset, dandiset = asset_service.get_asset(user=request.user, asset_id=asset_id)
    return Response(asset_service.full_metadata(asset=asset, dandiset=dandiset))


@extend_schema(responses=AssetInfoSerializer)
@api_view(["GET"])
def asset_info_by_id(request: Request, asset_id: str) -> Response:
    asset, dandiset = asset_service.get_asset(user=request.user, asset_id=asset_id)
    return Response(AssetInfoSerializer(asset, context={"embargoed": dandiset.embargoed}).data)


@extend_schema(responses={302: None})
@api_view(["GET", "HEAD"])
def asset_download(request: Request, asset_id: str, **_: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(asset_service.download_url(user=request.user, asset_id=asset_id))
