"""Request validation and response shapes (also what drf-spectacular publishes at /api/schema/)."""

from __future__ import annotations

from typing import Any

from django.db.models import Sum
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from archive.models import Asset, Dandiset, Version, ZarrArchive
from archive.services import dandisets as dandiset_service
from archive.services import metadata as md
from archive.services import versions as version_service


# ---- requests ----------------------------------------------------------------------------------------------
class DandisetCreateRequest(serializers.Serializer):
    name = serializers.CharField(max_length=300, allow_blank=False)
    metadata = serializers.DictField(required=False, default=dict)


class VersionUpdateRequest(serializers.Serializer):
    name = serializers.CharField(max_length=300, allow_blank=False)
    metadata = serializers.DictField()


class AssetRequest(serializers.Serializer):
    metadata = serializers.DictField()
    blob_id = serializers.UUIDField(required=False)
    zarr_id = serializers.UUIDField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if (attrs.get("blob_id") is None) == (attrs.get("zarr_id") is None):
            raise serializers.ValidationError({"blob_id": "Send exactly one of blob_id and zarr_id."})
        if not isinstance(attrs["metadata"].get("path"), str):
            raise serializers.ValidationError({"metadata": "metadata.path (a string) is required."})
        return attrs


class DigestRequest(serializers.Serializer):
    algorithm = serializers.ChoiceField(choices=["dandi:dandi-etag", "dandi:sha2-256"])
    value = serializers.CharField(max_length=128)


class UploadInitializeRequest(serializers.Serializer):
    contentSize = serializers.IntegerField(min_value=1, max_value=5 * 1024**4)
    digest = DigestRequest()
    dandiset = serializers.RegexField(r"^\d{1,9}$", max_length=9)

    def validate_digest(self, value: dict[str, str]) -> dict[str, str]:
        if value["algorithm"] != "dandi:dandi-etag":
            raise serializers.ValidationError("uploads are identified by their dandi:dandi-etag digest")
        return value


class PartRequest(serializers.Serializer):
    part_number = serializers.IntegerField(min_value=1, max_value=10_000)
    size = serializers.IntegerField(min_value=0)
    etag = serializers.CharField(max_length=128)


class UploadCompleteRequest(serializers.Serializer):
    parts = PartRequest(many=True, allow_empty=False)


# ---- responses ---------------------------------------------------------------------------------------------
class VersionSerializer(serializers.ModelSerializer):
    asset_count = serializers.SerializerMethodField()
    size = serializers.SerializerMethodField()

    class Meta:
        model = Version
        fields = ["version", "name", "asset_count", "size", "status", "created", "modified"]

    def get_asset_count(self, obj: Version) -> int:
        return obj.assets.count()

    def get_size(self, obj: Version) -> int:
        sums = obj.assets.aggregate(blobs=Sum("blob__size"), zarrs=Sum("zarr__size"))
        return (sums["blobs"] or 0) + (sums["zarrs"] or 0)


class DandisetSerializer(serializers.ModelSerializer):
    identifier = serializers.CharField(read_only=True)
    contact_person = serializers.SerializerMethodField()
    star_count = serializers.SerializerMethodField()
    is_starred = serializers.SerializerMethodField()
    draft_version = serializers.SerializerMethodField()
    most_recent_published_version = serializers.SerializerMethodField()

    class Meta:
        model = Dandiset
        fields = [
            "identifier",
            "created",
            "modified",
            "contact_person",
            "embargo_status",
            "star_count",
            "is_starred",
            "draft_version",
            "most_recent_published_version",
        ]

    def get_contact_person(self, obj: Dandiset) -> str:
        return md.contact_person(dandiset_service.draft_version(obj).metadata)

    def get_star_count(self, obj: Dandiset) -> int:
        return 0

    def get_is_starred(self, obj: Dandiset) -> bool:
        return False

    def get_draft_version(self, obj: Dandiset) -> dict[str, Any]:
        return VersionSerializer(dandiset_service.draft_version(obj)).data

    def get_most_recent_published_version(self, obj: Dandiset) -> dict[str, Any] | None:
        version = dandiset_service.most_recent_published_version(obj)
        return VersionSerializer(version).data if version else None


class VersionInfoSerializer(VersionSerializer):
    dandiset = serializers.SerializerMethodField()
    metadata = serializers.SerializerMethodField()
    contact_person = serializers.SerializerMethodField()
    asset_validation_errors = serializers.SerializerMethodField()
    version_validation_errors = serializers.JSONField(source="validation_errors")
    active_uploads = serializers.SerializerMethodField()
    release_notes = serializers.SerializerMethodField()

    class Meta(VersionSerializer.Meta):
        fields = [
            *VersionSerializer.Meta.fields,
            "dandiset",
            "metadata",
            "contact_person",
            "asset_validation_errors",
            "version_validation_errors",
            "active_uploads",
            "release_notes",
        ]

    def get_dandiset(self, obj: Version) -> dict[str, Any]:
        return {
            "identifier": obj.dandiset.identifier,
            "created": obj.dandiset.created.isoformat(),
            "modified": obj.dandiset.modified.isoformat(),
            "contact_person": md.contact_person(obj.metadata),
            "embargo_status": obj.dandiset.embargo_status,
            "star_count": 0,
            "is_starred": False,
        }

    def get_metadata(self, obj: Version) -> dict[str, Any]:
        return md.version_metadata(obj)

    def get_contact_person(self, obj: Version) -> str:
        return md.contact_person(obj.metadata)

    def get_asset_validation_errors(self, obj: Version) -> list[dict[str, Any]]:
        return version_service.asset_validation_errors(version=obj)

    def get_active_uploads(self, obj: Version) -> int:
        return obj.dandiset.uploads.count()

    def get_release_notes(self, obj: Version) -> str | None:
        return None


class AssetListSerializer(serializers.ModelSerializer):
    blob = serializers.SerializerMethodField()
    zarr = serializers.SerializerMethodField()
    size = serializers.IntegerField()

    class Meta:
        model = Asset
        fields = ["asset_id", "blob", "zarr", "path", "size", "created", "modified"]

    @extend_schema_field(serializers.UUIDField(allow_null=True))
    def get_blob(self, obj: Asset) -> str | None:
        return str(obj.blob.blob_id) if obj.blob is not None else None

    @extend_schema_field(serializers.UUIDField(allow_null=True))
    def get_zarr(self, obj: Asset) -> str | None:
        return str(obj.zarr.zarr_id) if obj.zarr is not None else None


class AssetWithMetadataSerializer(AssetListSerializer):
    metadata = serializers.SerializerMethodField()

    class Meta(AssetListSerializer.Meta):
        fields = [*AssetListSerializer.Meta.fields, "metadata"]

    def get_metadata(self, obj: Asset) -> dict[str, Any]:
        return md.asset_metadata(obj, embargoed=self.context.get("embargoed", False))


class AssetInfoSerializer(AssetWithMetadataSerializer):
    status = serializers.CharField()
    validation_errors = serializers.JSONField()

    class Meta(AssetWithMetadataSerializer.Meta):
        fields = [*AssetWithMetadataSerializer.Meta.fields, "status", "validation_errors"]


class UploadPartSerializer(serializers.Serializer):
    part_number = serializers.IntegerField()
    size = serializers.IntegerField()
    upload_url = serializers.URLField()


class UploadInitializeResponse(serializers.Serializer):
    upload_id = serializers.UUIDField()
    parts = UploadPartSerializer(many=True)


class UploadCompleteResponse(serializers.Serializer):
    complete_url = serializers.URLField()
    body = serializers.CharField()


class BlobSerializer(serializers.Serializer):
    blob_id = serializers.UUIDField()
    etag = serializers.CharField()
    sha256 = serializers.CharField(allow_null=True)
    size = serializers.IntegerField()


class ZarrSerializer(serializers.ModelSerializer):
    dandiset = serializers.CharField(source="dandiset.identifier", read_only=True)

    class Meta:
        model = ZarrArchive
        fields = [
            "zarr_id",
            "name",
            "dandiset",
            "status",
            "checksum",
            "file_count",
            "size",
            "created",
            "modified",
        ]


class ZarrCreateRequest(serializers.Serializer):
    name = serializers.CharField(max_length=512, allow_blank=False)
    dandiset = serializers.CharField(max_length=16)


class ZarrFileRequest(serializers.Serializer):
    path = serializers.CharField(max_length=1024)
    base64md5 = serializers.CharField(max_length=64, required=False)


class ZarrFileEntrySerializer(serializers.Serializer):
    """One file of an archive, in the shape S3 lists it (what the dandi client parses)."""

    Key = serializers.CharField()
    LastModified = serializers.DateTimeField()
    ETag = serializers.CharField()
    Size = serializers.IntegerField()
