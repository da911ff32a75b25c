"""The metadata documents the API serves: stored metadata plus what the server owns (ids, URLs, digests)."""

from __future__ import annotations

import functools
import logging
from typing import TYPE_CHECKING, Any

from django.conf import settings

from archive.services import storage
from archive.services.exceptions import InvalidInputError

logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    from archive.models import Asset, Dandiset, Version


def schema_version() -> str:
    from dandischema.consts import DANDI_SCHEMA_VERSION

    return DANDI_SCHEMA_VERSION


# The models whose JSON schema the API serves, by the name dandischema's releases give their files.
SCHEMA_MODELS = ("Dandiset", "PublishedDandiset", "Asset", "PublishedAsset")


@functools.cache
def json_schema(model: str) -> dict[str, Any]:
    """dandischema's JSON schema for `model`, generated as dandischema publishes its releases (so the web UI
    builds its editor from the very schema the server validates with, with no download at run time)."""
    from dandischema import models
    from dandischema.utils import TransitionalGenerateJsonSchema

    if model not in SCHEMA_MODELS:
        raise InvalidInputError(f"model must be one of {', '.join(SCHEMA_MODELS)}")
    return getattr(models, model).model_json_schema(schema_generator=TransitionalGenerateJsonSchema)


def access(*, embargoed: bool) -> list[dict[str, str]]:
    status = "dandi:EmbargoedAccess" if embargoed else "dandi:OpenAccess"
    return [{"schemaKey": "AccessRequirements", "status": status}]


def contributor_for(user: Any) -> dict[str, Any]:
    full = f"{user.last_name}, {user.first_name}" if (user.first_name or user.last_name) else user.username
    return {
        "name": full,
        "email": user.email or None,
        "roleName": ["dcite:ContactPerson"],
        "schemaKey": "Person",
        "affiliation": [],
        "includeInCitation": True,
    }


def contact_person(metadata: dict[str, Any]) -> str:
    for contributor in metadata.get("contributor") or []:
        if isinstance(contributor, dict) and "dcite:ContactPerson" in (contributor.get("roleName") or []):
            return str(contributor.get("name") or "")
    return ""


def download_url(asset: Asset) -> str:
    return f"{settings.DANDI_API_URL}/api/assets/{asset.asset_id}/download/"


def _content_fields(asset: Asset) -> dict[str, Any]:
    """Size, URLs and digest of what backs the asset: a blob, or a Zarr archive (checksum once ingested)."""
    if asset.zarr is not None:
        zarr = asset.zarr
        return {
            "encodingFormat": "application/x-zarr",
            "contentSize": zarr.size,
            "contentUrl": [
                f"{settings.DANDI_API_URL}/api/zarr/{zarr.zarr_id}/files/",
                storage.public_object_url(key=zarr.s3_prefix),
            ],
            "digest": {"dandi:dandi-zarr-checksum": zarr.checksum} if zarr.checksum else {},
        }
    blob = asset.blob
    digest = {"dandi:dandi-etag": blob.etag}
    if blob.sha256:
        digest["dandi:sha2-256"] = blob.sha256
    return {
        "contentSize": blob.size,
        "contentUrl": [download_url(asset), storage.public_object_url(key=blob.s3_key)],
        "digest": digest,
    }


def asset_metadata(asset: Asset, *, embargoed: bool) -> dict[str, Any]:
    """The stored metadata as the client set it (DANDI keeps e.g. its blobDateModified), plus what the server
    owns: ids, path, access, size, URLs, digest."""
    defaults = {"blobDateModified": asset.blob.modified.isoformat()} if asset.blob is not None else {}
    return {
        **defaults,
        **asset.metadata,
        "schemaKey": "Asset",
        "schemaVersion": asset.metadata.get("schemaVersion") or schema_version(),
        "id": f"dandiasset:{asset.asset_id}",
        "identifier": str(asset.asset_id),
        "path": asset.path,
        "access": access(embargoed=embargoed),
        **_content_fields(asset),
    }


def assets_summary(version: Version) -> dict[str, Any]:
    assets = list(version.assets.select_related("blob", "zarr"))
    summary: dict[str, Any] = {
        "schemaKey": "AssetsSummary",
        "numberOfBytes": sum(a.size for a in assets),
        "numberOfFiles": len(assets),
    }
    try:
        from dandischema.metadata import aggregate_assets_summary

        # dandischema needs each asset's schemaVersion, which clients may leave to the server.
        aggregated = aggregate_assets_summary(
            [
                {**a.metadata, "schemaVersion": a.metadata.get("schemaVersion") or schema_version()}
                for a in assets
            ]
        )
        summary.update({k: v for k, v in aggregated.items() if k not in {"numberOfBytes", "numberOfFiles"}})
    except Exception:  # a summary of odd metadata must never break reading a version
        logger.warning("could not aggregate the assets summary of %s", version, exc_info=True)
    return summary


def version_metadata(version: Version) -> dict[str, Any]:
    dandiset: Dandiset = version.dandiset
    ident = dandiset.identifier
    sv = version.metadata.get("schemaVersion") or schema_version()
    return {
        **version.metadata,
        "@context": f"https://raw.githubusercontent.com/dandi/schema/master/releases/{sv}/context.json",
        "schemaKey": "Dandiset",
        "schemaVersion": sv,
        "manifestLocation": [
            f"{settings.DANDI_API_URL}/api/dandisets/{ident}/versions/{version.version}/assets/"
        ],
        "name": version.name,
        # dandischema checks this prefix against the instance name (it reads DJANGO_DANDI_INSTANCE_NAME too).
        "identifier": f"{settings.DANDI_INSTANCE_NAME}:{ident}",
        "version": version.version,
        "id": f"{settings.DANDI_INSTANCE_NAME}:{ident}/{version.version}",
        "repository": settings.DANDI_WEB_APP_URL,
        "url": f"{settings.DANDI_WEB_APP_URL}/dandiset/{ident}/{version.version}",
        "dateCreated": dandiset.created.isoformat(),
        "access": access(embargoed=dandiset.embargoed),
        "assetsSummary": assets_summary(version),
        "citation": citation(version, url=f"{settings.DANDI_WEB_APP_URL}/dandiset/{ident}/{version.version}"),
    }


def citation(version: Version, *, url: str) -> str:
    """DANDI's format: the contributors marked includeInCitation first, then the year, name and version."""
    year = (version.modified if version.version == "draft" else version.created).year
    name = version.name.rstrip(".")
    doi = version.metadata.get("doi")
    link = f"https://doi.org/{doi}" if isinstance(doi, str) and doi else url
    archive = settings.DANDI_ARCHIVE_NAME
    contributors = version.metadata.get("contributor")
    names = "; ".join(
        str(c["name"])
        for c in (contributors if isinstance(contributors, list) else [])
        if isinstance(c, dict) and c.get("includeInCitation") and c.get("name")
    )
    if names:
        return f"{names} ({year}) {name} (Version {version.version}) [Data set]. {archive}. {link}"
    return f"{name} ({year}). (Version {version.version}) [Data set]. {archive}. {link}"


# pydantic names union branches and validator kinds in error locations; they mean nothing to a metadata
# author.
_LOC_NOISE = {"str", "int", "float", "bool", "list", "dict", "none", "url", "lax-or-strict", "json-or-python"}


def _field(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if not (isinstance(p, str) and ("[" in p or p in _LOC_NOISE))]
    return ".".join(parts)


def pydantic_errors(exc: Any, *, path: str | None = None) -> list[dict[str, str]]:
    errors: list[dict[str, str]] = []
    seen: set[str] = set()
    for err in exc.errors():
        field = _field(tuple(err.get("loc", ())))
        if field in seen:
            continue
        seen.add(field)
        entry = {"field": field, "message": str(err.get("msg", ""))}
        if path is not None:
            entry["path"] = path
        errors.append(entry)
    return errors
