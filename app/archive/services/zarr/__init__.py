"""Zarr archives: a directory tree the client uploads file by file to zarr/{zarr_id}/ with presigned PUTs.

Any change (new files, deletions) makes the archive Pending; `finalize` queues the worker, which lists the
objects and computes DANDI's Zarr checksum (the zarr_checksum tree over each file's md5 and size, as the
client computes it locally) and moves the archive to Complete. Assets backed by it are validated then.
"""

from __future__ import annotations

import base64
import binascii
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import QuerySet

from archive import dispatch
from archive.models import Asset, AssetStatus, ZarrArchive, ZarrStatus
from archive.services import locks, permissions, storage
from archive.services import versions as version_service
from archive.services.exceptions import InvalidInputError, NotFoundError, parse_uuid

if TYPE_CHECKING:
    from archive.services.permissions import User

# The client sends files in batches of this many (dandi's ZARR_UPLOAD_BATCH_SIZE).
MAX_FILES_PER_REQUEST = 255


def create_zarr(*, user: User, name: str, dandiset_identifier: str) -> ZarrArchive:
    dandiset = permissions.get_dandiset(identifier=dandiset_identifier)
    permissions.require_owner(user=user, dandiset=dandiset)
    locks.require_unlocked(dandiset=dandiset)
    if not name.strip():
        raise InvalidInputError("name must not be empty")
    with transaction.atomic():
        if ZarrArchive.objects.filter(dandiset=dandiset, name=name).exists():
            raise InvalidInputError("Zarr already exists")
        return ZarrArchive.objects.create(dandiset=dandiset, name=name)


def list_zarrs(*, user: User, dandiset_identifier: str | None, name: str | None) -> QuerySet[ZarrArchive]:
    qs = ZarrArchive.objects.filter(dandiset__in=permissions.readable_dandisets(user=user))
    if dandiset_identifier:
        qs = qs.filter(dandiset=permissions.get_dandiset(identifier=dandiset_identifier))
    if name:
        qs = qs.filter(name=name)
    return qs.select_related("dandiset").order_by("id")


def get_zarr(*, user: User, zarr_id: str) -> ZarrArchive:
    try:
        zarr = ZarrArchive.objects.select_related("dandiset").get(
            zarr_id=parse_uuid(zarr_id, what="ZarrArchive")
        )
    except ZarrArchive.DoesNotExist:
        raise NotFoundError("No ZarrArchive matches the given query.") from None
    permissions.require_read(user=user, dandiset=zarr.dandiset)
    return zarr


def _for_write(*, user: User, zarr_id: str) -> ZarrArchive:
    zarr = get_zarr(user=user, zarr_id=zarr_id)
    permissions.require_owner(user=user, dandiset=zarr.dandiset)
    locks.require_unlocked(dandiset=zarr.dandiset)
    return zarr


# S3 keys are at most 1024 bytes; zarr/{36-character id}/ takes 42 of them.
MAX_PATH_BYTES = 1024 - 42


def normalize_file_path(path: object) -> str:
    """A relative path inside the archive: no leading slash, no '.' or '..' parts, no empty parts."""
    if not isinstance(path, str) or not path or len(path.encode()) > MAX_PATH_BYTES:
        raise InvalidInputError(
            f"each file needs a path: a non-empty string of at most {MAX_PATH_BYTES} bytes"
        )
    parts = path.split("/")
    if path.startswith("/") or any(part in {"", ".", ".."} for part in parts) or "\x00" in path:
        raise InvalidInputError(f"file path {path!r} must be relative, without empty, '.' or '..' parts")
    return posixpath.join(*parts)


def _content_md5(value: object, path: str) -> str:
    try:
        if isinstance(value, str) and len(base64.b64decode(value, validate=True)) == 16:
            return value
    except binascii.Error:
        pass
    raise InvalidInputError(f"file {path!r}: base64md5 must be the base64 of a 16-byte MD5 digest")


def _check_batch(files: list[Any]) -> None:
    if not files:
        raise InvalidInputError("send at least one file")
    if len(files) > MAX_FILES_PER_REQUEST:
        raise InvalidInputError(f"send at most {MAX_FILES_PER_REQUEST} files per request")


def _mark_changed(zarr: ZarrArchive) -> None:
    ZarrArchive.objects.filter(pk=zarr.pk).update(status=ZarrStatus.PENDING, checksum=None)


def upload_urls(*, user: User, zarr_id: str, files: list[dict[str, Any]]) -> list[str]:
    """Presigned PUT URLs, one per file and in the same order; S3 checks each file's MD5 on arrival."""
    zarr = _for_write(user=user, zarr_id=zarr_id)
    _check_batch(files)
    planned = []
    for item in files:
        path = normalize_file_path(item.get("path") if isinstance(item, dict) else None)
        planned.append((path, _content_md5(item.get("base64md5"), path)))
    _mark_changed(zarr)
    embargoed = zarr.dandiset.embargoed
    return [
        storage.presign_put_url(key=zarr.s3_prefix + path, content_md5=md5, embargoed=embargoed)
        for path, md5 in planned
    ]


def delete_files(*, user: User, zarr_id: str, files: list[dict[str, Any]]) -> None:
    zarr = _for_write(user=user, zarr_id=zarr_id)
    _check_batch(files)
    paths = [normalize_file_path(item.get("path") if isinstance(item, dict) else None) for item in files]
    storage.delete_objects(keys=[zarr.s3_prefix + path for path in paths])
    _mark_changed(zarr)


def finalize(*, user: User, zarr_id: str) -> None:
    zarr = _for_write(user=user, zarr_id=zarr_id)
    with transaction.atomic():
        ZarrArchive.objects.filter(pk=zarr.pk).update(status=ZarrStatus.UPLOADED)
        dispatch.ingest_zarr(zarr_pk=zarr.pk)


def list_files(*, user: User, zarr_id: str, prefix: str) -> list[dict[str, Any]]:
    """Entries as the client parses them: Key (relative to the archive), LastModified, ETag (md5), Size."""
    zarr = get_zarr(user=user, zarr_id=zarr_id)
    return [
        {
            "Key": obj["Key"][len(zarr.s3_prefix) :],
            "LastModified": obj["LastModified"].isoformat(),
            "ETag": obj["ETag"].strip('"'),
            "Size": obj["Size"],
        }
        for obj in storage.list_objects(prefix=zarr.s3_prefix + prefix)
    ]


def file_download_url(*, user: User, zarr_id: str, path: str) -> str:
    zarr = get_zarr(user=user, zarr_id=zarr_id)
    key = zarr.s3_prefix + normalize_file_path(path)
    if storage.head_object(key=key) is None:
        raise NotFoundError(f"No file {path!r} in this Zarr.")
    return storage.presign_download_url(key=key, filename=path.rsplit("/", 1)[-1])


def ingest_zarr(*, zarr_pk: int) -> str | None:
    """The worker's half: checksum, file count and size from S3, then Complete. Idempotent; an archive
    changed meanwhile (Pending again) is left for its next finalize."""
    from zarr_checksum.tree import ZarrChecksumTree

    try:
        zarr = ZarrArchive.objects.get(pk=zarr_pk)
    except ZarrArchive.DoesNotExist:
        raise NotFoundError(f"zarr {zarr_pk} does not exist") from None
    if zarr.status not in {ZarrStatus.UPLOADED, ZarrStatus.INGESTING}:
        return None
    ZarrArchive.objects.filter(pk=zarr.pk, status=ZarrStatus.UPLOADED).update(status=ZarrStatus.INGESTING)
    tree = ZarrChecksumTree()
    count = size = 0
    for obj in storage.list_objects(prefix=zarr.s3_prefix):
        tree.add_leaf(Path(obj["Key"][len(zarr.s3_prefix) :]), obj["Size"], obj["ETag"].strip('"'))
        count += 1
        size += obj["Size"]
    checksum = str(tree.process())
    with transaction.atomic():
        done = ZarrArchive.objects.filter(pk=zarr.pk, status=ZarrStatus.INGESTING).update(
            status=ZarrStatus.COMPLETE, checksum=checksum, file_count=count, size=size
        )
        if done:
            for asset in Asset.objects.filter(zarr=zarr):
                Asset.objects.filter(pk=asset.pk).update(status=AssetStatus.PENDING, validation_errors=[])
                dispatch.validate_asset(asset_pk=asset.pk)
                for version in asset.versions.filter(version="draft"):
                    version_service.mark_pending(version=version)
    return checksum if done else None
