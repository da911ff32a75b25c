"""Query-parameter serializers shared by list views (invalid values are a 400, never a 500)."""

from typing import Any

from rest_framework import serializers

from archive.services.assets import ORDERINGS as ASSET_ORDERINGS
from archive.services.dandisets import ORDERINGS as DANDISET_ORDERINGS


class DandisetListParams(serializers.Serializer):
    draft = serializers.BooleanField(required=False, default=True)
    empty = serializers.BooleanField(required=False, default=True)
    # DANDI lists embargoed dandisets only when asked to
    embargoed = serializers.BooleanField(required=False, default=False)
    user = serializers.ChoiceField(choices=["me"], required=False)
    search = serializers.CharField(required=False, default="", allow_blank=True, max_length=200)
    ordering = serializers.ChoiceField(choices=sorted(DANDISET_ORDERINGS), required=False, default="id")


class DandisetCreateParams(serializers.Serializer):
    embargo = serializers.BooleanField(required=False, default=False)


class VersionListParams(serializers.Serializer):
    order = serializers.ChoiceField(choices=["created", "-created"], required=False, default="created")


class AssetListParams(serializers.Serializer):
    path = serializers.CharField(required=False, default="", allow_blank=True, max_length=512)
    glob = serializers.CharField(required=False, default="", allow_blank=True, max_length=512)
    order = serializers.ChoiceField(choices=sorted(ASSET_ORDERINGS), required=False, default="path")
    metadata = serializers.BooleanField(required=False, default=False)
    zarr = serializers.BooleanField(required=False, default=False)


class AssetPathsParams(serializers.Serializer):
    path_prefix = serializers.CharField(required=False, default="", allow_blank=True, max_length=512)


class ZarrListParams(serializers.Serializer):
    dandiset = serializers.CharField(required=False, default="", allow_blank=True, max_length=16)
    name = serializers.CharField(required=False, default="", allow_blank=True, max_length=512)


class ZarrFilesParams(serializers.Serializer):
    prefix = serializers.CharField(required=False, default="", allow_blank=True, max_length=1024)
    download = serializers.BooleanField(required=False, default=False)


def parse(serializer_class: type[serializers.Serializer], data: object, *, many: bool = False) -> Any:
    serializer = serializer_class(data=data, many=many)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
