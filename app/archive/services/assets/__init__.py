"""Assets in a draft version: add from a blob, replace (a new asset id), remove, validate, browse by
folder."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import QuerySet

from archive import dispatch
from archive.models import Asset, AssetBlob, AssetStatus, Dandiset, Version, ZarrArchive, ZarrStatus
from archive.services import locks, permissions, storage
from archive.services import metadata as md
from archive.services import versions as version_service
from archive.services.assets.exceptions import (
    AssetNotFoundError,
    AssetPathConflictError,
    InvalidAssetPathError,
)
from archive.services.exceptions import (
    InvalidInputError,
    NotFoundError,
    NotModifiableError,
    parse_uuid,
)

if TYPE_CHECKING:
    from archive.services.permissions import User

ORDERINGS = {"path", "-path", "created", "-created", "modified", "-modified"}


def normalize_path(path: object) -> str:
    if not isinstance(path, str) or not path.strip():
        raise InvalidAssetPathError("metadata.path is required and must be a non-empty string")
    if path.startswith("/") or "\\" in path or "\x00" in path:
        raise InvalidAssetPathError(f"invalid asset path {path!r}: use a relative POSIX path")
    parts = path.split("/")
    if any(part in {"", ".", ".."} for part in parts):
        raise InvalidAssetPathError(f"invalid asset path {path!r}: no empty, '.' or '..' segments")
    if len(path) > 512:
        raise InvalidAssetPathError("asset path is longer than 512 characters")
    return path


def _get_blob(*, blob_id: str, dandiset: Dandiset) -> AssetBlob:
    try:
        # Locked so that a concurrent sha256 task either sees this asset or finishes before we read the blob.
        blob = AssetBlob.objects.select_for_update().get(blob_id=parse_uuid(blob_id, what="AssetBlob"))
    except AssetBlob.DoesNotExist:
        raise NotFoundError("No AssetBlob matches the given query.") from None
    if blob.embargoed_dandiset_id is not None and blob.embargoed_dandiset_id != dandiset.pk:
        raise NotFoundError("No AssetBlob matches the given query.")
    return blob


def _get_zarr(*, zarr_id: str, dandiset: Dandiset) -> ZarrArchive:
    try:
        return ZarrArchive.objects.get(zarr_id=parse_uuid(zarr_id, what="ZarrArchive"), dandiset=dandiset)
    except ZarrArchive.DoesNotExist:
        raise NotFoundError("No ZarrArchive matches the given query.") from None


def _content(*, blob_id: str | None, zarr_id: str | None, dandiset: Dandiset) -> dict[str, Any]:
    """What backs a new asset: {"blob": ...} or {"zarr": ...} (the request serializer ensures exactly one)."""
    if zarr_id is not None:
        return {"zarr": _get_zarr(zarr_id=zarr_id, dandiset=dandiset)}
    return {"blob": _get_blob(blob_id=str(blob_id), dandiset=dandiset)}


def _ready(asset: Asset) -> bool:
    """Validation needs the content's digest: a blob's sha256, or a Zarr's checksum once ingested."""
    if asset.blob is not None:
        return bool(asset.blob.sha256)
    return asset.zarr.status == ZarrStatus.COMPLETE


def _draft_for_write(*, user: User, version: Version) -> Version:
    permissions.require_owner(user=user, dandiset=version.dandiset)
    if version.version != "draft":
        raise NotModifiableError("Only draft versions can be modified.")
    draft = Version.objects.select_for_update().select_related("dandiset").get(pk=version.pk)
    locks.require_unlocked(dandiset=draft.dandiset, draft=draft)
    return draft


def _new_asset(
    *, content: dict[str, Any], path: str, metadata: dict[str, Any], previous: Asset | None
) -> Asset:
    server_owned = {"id", "identifier", "contentUrl", "digest", "datePublished", "publishedBy"}
    cleaned = {k: v for k, v in metadata.items() if k not in server_owned}
    cleaned["path"] = path
    asset = Asset.objects.create(path=path, metadata=cleaned, previous=previous, **content)
    if _ready(asset):
        dispatch.validate_asset(asset_pk=asset.pk)
    return asset


def require_free_path(*, draft: Version, path: str, replacing: Asset | None = None) -> None:
    """A path names a file or a folder, never both: no asset at `path`, none under `path/`, and no asset at
    any folder above it (DANDI's server accepts such a rename and answers 500 later; here it is a 409)."""
    others = draft.assets.exclude(pk=replacing.pk) if replacing is not None else draft.assets.all()
    if others.filter(path=path).exists():
        raise AssetPathConflictError("An asset with that path already exists")  # DANDI's words
    below = others.filter(path__startswith=f"{path}/").order_by("path").values_list("path", flat=True).first()
    if below is not None:
        raise AssetPathConflictError(
            f"{path} is a folder in this dandiset (it holds {below}); an asset cannot take a folder's path"
        )
    parts = path.split("/")
    folders = ["/".join(parts[:i]) for i in range(1, len(parts))]
    above = others.filter(path__in=folders).order_by("path").values_list("path", flat=True).first()
    if above is not None:
        raise AssetPathConflictError(
            f"{above} is a file in this dandiset; {path} cannot be placed under it as if it were a folder"
        )


def add_asset(
    *, user: User, version: Version, metadata: dict[str, Any], blob_id: str | None, zarr_id: str | None = None
) -> Asset:
    path = normalize_path(metadata.get("path"))
    with transaction.atomic():
        draft = _draft_for_write(user=user, version=version)
        content = _content(blob_id=blob_id, zarr_id=zarr_id, dandiset=draft.dandiset)
        require_free_path(draft=draft, path=path)
        asset = _new_asset(content=content, path=path, metadata=metadata, previous=None)
        draft.assets.add(asset)
        version_service.mark_pending(version=draft)
    return asset


def update_asset(
    *,
    user: User,
    version: Version,
    asset_id: str,
    metadata: dict[str, Any],
    blob_id: str | None,
    zarr_id: str | None = None,
) -> Asset:
    path = normalize_path(metadata.get("path"))
    with transaction.atomic():
        draft = _draft_for_write(user=user, version=version)
        old = get_asset_in_version(version=draft, asset_id=asset_id)
        content = _content(blob_id=blob_id, zarr_id=zarr_id, dandiset=draft.dandiset)
        if path != old.path:
            require_free_path(draft=draft, path=path, replacing=old)
        asset = _new_asset(content=content, path=path, metadata=metadata, previous=old)
        draft.assets.remove(old)
        draft.assets.add(asset)
        version_service.mark_pending(version=draft)
    return asset


def remove_asset(*, user: User, version: Version, asset_id: str) -> None:
    with transaction.atomic():
        draft = _draft_for_write(user=user, version=version)
        asset = get_asset_in_version(version=draft, asset_id=asset_id)
        draft.assets.remove(asset)
        version_service.mark_pending(version=draft)


def get_asset_in_version(*, version: Version, asset_id: str) -> Asset:
    try:
        return version.assets.select_related("blob", "zarr").get(asset_id=parse_uuid(asset_id, what="Asset"))
    except Asset.DoesNotExist:
        raise AssetNotFoundError("No Asset matches the given query.") from None


def get_asset(*, user: User, asset_id: str) -> tuple[Asset, Dandiset]:
    """An asset by id with a dandiset it belongs to that the user may read (401/403 for embargoed ones)."""
    try:
        asset = Asset.objects.select_related("blob", "zarr").get(asset_id=parse_uuid(asset_id, what="Asset"))
    except Asset.DoesNotExist:
        raise AssetNotFoundError("No Asset matches the given query.") from None
    dandisets = list(Dandiset.objects.filter(versions__assets=asset).distinct())
    if not dandisets:
        raise AssetNotFoundError("No Asset matches the given query.")
    for dandiset in dandisets:
        if not dandiset.embargoed or permissions.is_owner(user=user, dandiset=dandiset):
            return asset, dandiset
    permissions.require_read(user=user, dandiset=dandisets[0])
    return asset, dandisets[0]


def full_metadata(*, asset: Asset, dandiset: Dandiset) -> dict[str, Any]:
    return md.asset_metadata(asset, embargoed=dandiset.embargoed)


def download_url(*, user: User, asset_id: str) -> str:
    asset, _ = get_asset(user=user, asset_id=asset_id)
    if asset.zarr is not None:
        raise InvalidInputError(
            f"A Zarr asset downloads file by file: list /api/zarr/{asset.zarr.zarr_id}/files/ and fetch each."
        )
    return storage.presign_download_url(key=asset.blob.s3_key, filename=asset.path.rsplit("/", 1)[-1])


def _glob_regex(glob: str) -> str:
    out = []
    for char in glob:
        if char == "*":
            out.append(".*")
        elif char == "?":
            out.append(".")
        else:
            out.append(re.escape(char))
    return "^" + "".join(out) + "$"


def list_assets(*, version: Version, path: str = "", glob: str = "", order: str = "path") -> QuerySet[Asset]:
    if order not in ORDERINGS:
        raise InvalidInputError(f"order must be one of {', '.join(sorted(ORDERINGS))}")
    qs = version.assets.select_related("blob", "zarr")
    if path:
        qs = qs.filter(path__startswith=path)
    if glob:
        qs = qs.filter(path__iregex=_glob_regex(glob))
    return qs.order_by(order, "id")


def folder_listing(*, version: Version, path_prefix: str) -> list[dict[str, Any]]:
    """Immediate children of a folder: files with their asset, folders with aggregate counts and sizes."""
    prefix = path_prefix.strip("/")
    prefix = f"{prefix}/" if prefix else ""
    entries: dict[str, dict[str, Any]] = {}
    for asset in (
        version.assets.select_related("blob", "zarr").filter(path__startswith=prefix).order_by("path")
    ):
        rest = asset.path[len(prefix) :]
        head, sep, _ = rest.partition("/")
        key = prefix + head
        entry = entries.setdefault(
            key, {"path": key, "aggregate_files": 0, "aggregate_size": 0, "asset": None}
        )
        entry["aggregate_files"] += 1
        entry["aggregate_size"] += asset.size
        if not sep:
            entry["asset"] = {
                "asset_id": str(asset.asset_id),
                "blob": str(asset.blob.blob_id) if asset.blob else None,
                "zarr": str(asset.zarr.zarr_id) if asset.zarr else None,
            }
    return list(entries.values())


def validate_asset(*, asset_pk: int) -> str:
    """Pending -> Valid/Invalid by dandischema's Asset model; stays Pending until its digest is known."""
    from dandischema.models import Asset as AssetModel
    from pydantic import ValidationError

    try:
        asset = Asset.objects.select_related("blob", "zarr").get(pk=asset_pk)
    except Asset.DoesNotExist:
        raise NotFoundError(f"asset {asset_pk} does not exist") from None
    if asset.status != AssetStatus.PENDING or not _ready(asset):
        return asset.status
    dandiset = Dandiset.objects.filter(versions__assets=asset).first()
    document = md.asset_metadata(asset, embargoed=bool(dandiset and dandiset.embargoed))
    try:
        AssetModel.model_validate(document)
        status, errors = AssetStatus.VALID, []
    except ValidationError as exc:
        status, errors = AssetStatus.INVALID, md.pydantic_errors(exc, path=asset.path)
    Asset.objects.filter(pk=asset.pk, status=AssetStatus.PENDING).update(
        status=status, validation_errors=errors
    )
    _settle_drafts(asset)
    return status


def _settle_drafts(asset: Asset) -> None:
    """Queue validation of each draft holding `asset` that has no unvalidated asset left: the draft becomes
    Valid right after its last asset, not on a later beat. Runs after the asset's status is committed, so of
    two last assets validated at once, the later one sees the other settled (the ledger merges both)."""
    drafts = Version.objects.filter(assets=asset, version="draft").values_list("pk", flat=True)
    for version_pk in drafts:
        if not version_service.has_unvalidated_assets(version_pk=version_pk):
            dispatch.validate_version(version_pk=version_pk)
