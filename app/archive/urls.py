"""API routes under /api/. Every route takes an optional trailing slash: the client omits it on
/auth/token."""

from django.urls import re_path
from drf_spectacular.views import SpectacularAPIView

from archive.views import assets, dandisets, info, uploads, zarr

DANDISET = r"dandisets/(?P<dandiset_id>[^/]+)"
VERSION = DANDISET + r"/versions/(?P<version>[^/]+)"
ASSET_ID = r"(?P<asset_id>[^/]+)"

urlpatterns = [
    re_path(r"^info/?$", info.info_view, name="info"),
    re_path(r"^health/?$", info.health_view, name="health"),
    re_path(r"^schemas/?$", info.schema_view, name="schemas"),
    re_path(r"^schema/?$", SpectacularAPIView.as_view(), name="schema"),
    re_path(r"^dandisets/?$", dandisets.dandiset_list, name="dandiset-list"),
    re_path(rf"^{DANDISET}/?$", dandisets.dandiset_detail, name="dandiset-detail"),
    re_path(rf"^{DANDISET}/unembargo/?$", dandisets.dandiset_unembargo, name="dandiset-unembargo"),
    re_path(rf"^{DANDISET}/versions/?$", dandisets.version_list, name="version-list"),
    re_path(rf"^{VERSION}/?$", dandisets.version_detail, name="version-detail"),
    re_path(rf"^{VERSION}/info/?$", dandisets.version_info, name="version-info"),
    re_path(rf"^{VERSION}/publish/?$", dandisets.version_publish, name="version-publish"),
    re_path(rf"^{VERSION}/assets/?$", assets.asset_list, name="asset-list"),
    re_path(rf"^{VERSION}/assets/paths/?$", assets.asset_paths, name="asset-paths"),
    re_path(rf"^{VERSION}/assets/{ASSET_ID}/?$", assets.asset_detail, name="version-asset-detail"),
    re_path(
        rf"^{VERSION}/assets/{ASSET_ID}/info/?$", assets.asset_info_in_version, name="version-asset-info"
    ),
    re_path(
        rf"^{VERSION}/assets/{ASSET_ID}/download/?$", assets.asset_download, name="version-asset-download"
    ),
    re_path(rf"^assets/{ASSET_ID}/?$", assets.asset_by_id, name="asset-detail"),
    re_path(rf"^assets/{ASSET_ID}/info/?$", assets.asset_info_by_id, name="asset-info"),
    re_path(rf"^assets/{ASSET_ID}/download/?$", assets.asset_download, name="asset-download"),
    re_path(r"^uploads/initialize/?$", uploads.upload_initialize, name="upload-initialize"),
    re_path(r"^uploads/(?P<upload_id>[^/]+)/complete/?$", uploads.upload_complete, name="upload-complete"),
    re_path(r"^uploads/(?P<upload_id>[^/]+)/validate/?$", uploads.upload_validate, name="upload-validate"),
    re_path(r"^blobs/digest/?$", uploads.blob_digest, name="blob-digest"),
    re_path(r"^zarr/?$", zarr.zarr_list, name="zarr-list"),
    re_path(r"^zarr/(?P<zarr_id>[^/]+)/?$", zarr.zarr_detail, name="zarr-detail"),
    re_path(r"^zarr/(?P<zarr_id>[^/]+)/files/?$", zarr.zarr_files, name="zarr-files"),
    re_path(r"^zarr/(?P<zarr_id>[^/]+)/finalize/?$", zarr.zarr_finalize, name="zarr-finalize"),
]
