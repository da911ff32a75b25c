"""Multipart uploads and blob lookup by digest."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from archive.serializers import (
    BlobSerializer,
    DigestRequest,
    UploadCompleteRequest,
    UploadCompleteResponse,
    UploadInitializeRequest,
    UploadInitializeResponse,
)
from archive.services import blobs as blob_service
from archive.services import permissions
from archive.services import uploads as upload_service
from archive.views.params import parse


@extend_schema(request=UploadInitializeRequest, responses={200: UploadInitializeResponse, 409: str})
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def upload_initialize(request: Request) -> Response:
    body = parse(UploadInitializeRequest, request.data)
    dandiset = permissions.get_dandiset(identifier=body["dandiset"])
    result = upload_service.initialize_upload(
        user=request.user, dandiset=dandiset, etag=body["digest"]["value"], size=body["contentSize"]
    )
    return Response(result)


@extend_schema(request=UploadCompleteRequest, responses=UploadCompleteResponse)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def upload_complete(request: Request, upload_id: str) -> Response:
    body = parse(UploadCompleteRequest, request.data)
    return Response(
        upload_service.complete_upload(user=request.user, upload_id=upload_id, parts=body["parts"])
    )


@extend_schema(request=None, responses=BlobSerializer)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def upload_validate(request: Request, upload_id: str) -> Response:
    blob = upload_service.validate_upload(user=request.user, upload_id=upload_id)
    return Response(
        {"blob_id": str(blob.blob_id), "etag": blob.etag, "sha256": blob.sha256, "size": blob.size}
    )


@extend_schema(request=DigestRequest, responses=BlobSerializer)
@api_view(["POST"])
@permission_classes([AllowAny])
def blob_digest(request: Request) -> Response:
    body = parse(DigestRequest, request.data)
    return Response(blob_service.find_blob(algorithm=body["algorithm"], value=body["value"]))
