"""Multipart uploads: plan parts with dandischema's dandi-etag rules, hand out presigned URLs, turn into
blobs."""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from archive import dispatch
from archive.models import AssetBlob, Upload
from archive.services import locks, permissions, storage
from archive.services.exceptions import InvalidInputError, parse_uuid
from archive.services.uploads.exceptions import BlobExistsError, UploadIncompleteError, UploadNotFoundError

if TYPE_CHECKING:
    from archive.models import Dandiset
    from archive.services.permissions import User

logger = logging.getLogger(__name__)

ETAG_RE = re.compile(r"^[0-9a-f]{32}-[0-9]{1,5}$")


def _part_plan(size: int) -> list[Any]:
    from dandischema.digests.dandietag import PartGenerator

    try:
        return list(PartGenerator.for_file_size(size))
    except ValueError as exc:
        raise InvalidInputError(f"contentSize {size} cannot be uploaded: {exc}") from None


def _reusable_blob(*, etag: str, size: int, dandiset: Dandiset) -> AssetBlob | None:
    """Open dandisets reuse open blobs only; embargoed ones also reuse their own embargoed blobs."""
    scope = Q(embargoed_dandiset__isnull=True)
    if dandiset.embargoed:
        scope |= Q(embargoed_dandiset=dandiset)
    return AssetBlob.objects.filter(scope, etag=etag, size=size).order_by("created").first()


def initialize_upload(*, user: User, dandiset: Dandiset, etag: str, size: int) -> dict[str, Any]:
    permissions.require_owner(user=user, dandiset=dandiset)
    locks.require_unlocked(dandiset=dandiset)
    if not ETAG_RE.match(etag):
        raise InvalidInputError(f"digest value {etag!r} is not a dandi-etag (32 hex digits, '-', part count)")
    if size < 1:
        raise InvalidInputError("contentSize must be at least 1")
    parts = _part_plan(size)
    if int(etag.rsplit("-", 1)[1]) != len(parts):
        raise InvalidInputError(
            f"digest {etag} names a part count other than the {len(parts)} parts of this size"
        )
    existing = _reusable_blob(etag=etag, size=size, dandiset=dandiset)
    if existing is not None:
        raise BlobExistsError("Blob already exists.", location=str(existing.blob_id))

    upload = Upload(etag=etag, size=size, dandiset=dandiset)
    upload.multipart_upload_id = storage.create_multipart_upload(
        key=upload.s3_key, embargoed=dandiset.embargoed
    )
    upload.save()
    return {
        "upload_id": str(upload.upload_id),
        "parts": [
            {
                "part_number": part.number,
                "size": part.size,
                "upload_url": storage.presign_part_url(
                    key=upload.s3_key, multipart_upload_id=upload.multipart_upload_id, part_number=part.number
                ),
            }
            for part in parts
        ],
    }


def _get_upload(*, user: User, upload_id: str) -> Upload:
    try:
        upload = Upload.objects.select_related("dandiset").get(upload_id=parse_uuid(upload_id, what="Upload"))
    except Upload.DoesNotExist:
        raise UploadNotFoundError("No Upload matches the given query.") from None
    permissions.require_owner(user=user, dandiset=upload.dandiset)
    return upload


def complete_upload(*, user: User, upload_id: str, parts: list[dict[str, Any]]) -> dict[str, str]:
    """Return the presigned URL and XML body the client POSTs to finish the multipart upload itself."""
    upload = _get_upload(user=user, upload_id=upload_id)
    expected = len(_part_plan(upload.size))
    numbers = sorted(part["part_number"] for part in parts)
    if numbers != list(range(1, expected + 1)):
        raise InvalidInputError(f"parts must list part_number 1..{expected} once each")
    body = ["<CompleteMultipartUpload>"]
    for part in sorted(parts, key=lambda p: p["part_number"]):
        etag = str(part["etag"]).strip('"')
        body.append(
            f'<Part><PartNumber>{part["part_number"]}</PartNumber><ETag>"{escape(etag)}"</ETag></Part>'
        )
    body.append("</CompleteMultipartUpload>")
    return {
        "complete_url": storage.presign_complete_url(
            key=upload.s3_key, multipart_upload_id=upload.multipart_upload_id
        ),
        "body": "".join(body),
    }


def validate_upload(*, user: User, upload_id: str) -> AssetBlob:
    """Check the uploaded object's size and ETag, then record it as a blob and queue its sha256."""
    upload = _get_upload(user=user, upload_id=upload_id)
    head = storage.head_object(key=upload.s3_key)
    if head is None:
        raise UploadIncompleteError("Object does not exist; complete the multipart upload first.")
    if head["ContentLength"] != upload.size:
        raise UploadIncompleteError(
            f"Size {head['ContentLength']} does not match expected size {upload.size}."
        )
    actual_etag = head["ETag"].strip('"')
    if actual_etag != upload.etag:
        raise UploadIncompleteError(f"ETag {actual_etag} does not match expected ETag {upload.etag}.")
    with transaction.atomic():
        existing = _reusable_blob(etag=upload.etag, size=upload.size, dandiset=upload.dandiset)
        if existing is not None and existing.blob_id != upload.blob_id:
            # A concurrent upload of the same content won: keep its blob and drop our copy of the bytes.
            Upload.objects.filter(pk=upload.pk).delete()
            transaction.on_commit(lambda: storage.delete_object(key=upload.s3_key))
            return existing
        blob, _ = AssetBlob.objects.get_or_create(
            blob_id=upload.blob_id,
            defaults={
                "etag": upload.etag,
                "size": upload.size,
                "embargoed_dandiset": upload.dandiset if upload.dandiset.embargoed else None,
            },
        )
        Upload.objects.filter(pk=upload.pk).delete()
        dispatch.calculate_sha256(blob_pk=blob.pk)
    if upload.dandiset.embargoed:
        storage.tag_embargoed(key=blob.s3_key)
    return blob


def garbage_collect_uploads(*, now: Any = None) -> int:
    """Abort and forget uploads older than DJANGO_DANDI_UPLOAD_MAX_AGE_HOURS; returns how many."""
    cutoff = (now or timezone.now()) - timedelta(hours=settings.DANDI_UPLOAD_MAX_AGE_HOURS)
    count = 0
    for upload in Upload.objects.filter(created__lt=cutoff).iterator():
        storage.abort_multipart_upload(key=upload.s3_key, multipart_upload_id=upload.multipart_upload_id)
        Upload.objects.filter(pk=upload.pk).delete()
        count += 1
    if count:
        logger.info("garbage-collected %d stale uploads", count)
    return count
