"""Manifest files under dandisets/{id}/{version}/: dandiset.yaml, assets.yaml and their JSON-LD twins."""

from __future__ import annotations

import json

import yaml

from archive.models import Version
from archive.services import metadata as md
from archive.services import storage
from archive.services.exceptions import NotFoundError


def manifest_prefix(version: Version) -> str:
    return f"dandisets/{version.dandiset.identifier}/{version.version}"


def write_manifest_files(*, version_pk: int) -> list[str]:
    """Idempotent: rewrites the current manifests of a version; returns the keys written."""
    try:
        version = Version.objects.select_related("dandiset").get(pk=version_pk)
    except Version.DoesNotExist:
        raise NotFoundError(f"version {version_pk} does not exist") from None
    embargoed = version.dandiset.embargoed
    dandiset_doc = md.version_metadata(version)
    assets_doc = [
        md.asset_metadata(asset, embargoed=embargoed)
        for asset in version.assets.select_related("blob", "zarr").order_by("path")
    ]
    prefix = manifest_prefix(version)
    files = {
        f"{prefix}/dandiset.yaml": (yaml.safe_dump(dandiset_doc, sort_keys=False), "text/yaml"),
        f"{prefix}/assets.yaml": (yaml.safe_dump(assets_doc, sort_keys=False), "text/yaml"),
        f"{prefix}/dandiset.jsonld": (json.dumps(dandiset_doc, indent=1), "application/ld+json"),
        f"{prefix}/assets.jsonld": (json.dumps(assets_doc, indent=1), "application/ld+json"),
    }
    for key, (text, content_type) in files.items():
        storage.put_text(key=key, text=text, content_type=content_type, embargoed=embargoed)
    return list(files)
