"""Blob checksums: sha256 streamed from S3, then the blob's pending assets are validated right away."""

from __future__ import annotations

import logging

from django.db import transaction

from archive.models import AssetBlob, AssetStatus
from archive.services import assets, storage
from archive.services.exceptions import NotFoundError, parse_uuid
from archive.streaming import sha256_of_stream

logger = logging.getLogger(__name__)


def calculate_sha256(*, blob_pk: int) -> str:
    """Idempotent: a blob that already has its sha256 is left as is.

    The blob's pending assets are validated here, in the same task: their digest is now known, and a hop
    through the queue would only make the client wait longer for them (and for the draft after them)."""
    try:
        blob = AssetBlob.objects.get(pk=blob_pk)
    except AssetBlob.DoesNotExist:
        raise NotFoundError(f"blob {blob_pk} does not exist") from None
    if blob.sha256:
        return blob.sha256
    sha256 = sha256_of_stream(storage.open_object(key=blob.s3_key))
    with transaction.atomic():
        # The row lock pairs with the one taken when an asset is added, so no new asset misses its validation.
        locked = AssetBlob.objects.select_for_update().get(pk=blob.pk)
        if not locked.sha256:
            locked.sha256 = sha256
            locked.save(update_fields=["sha256", "modified"])
        pending = list(locked.assets.filter(status=AssetStatus.PENDING).values_list("pk", flat=True))
    logger.info("sha256 of blob %s: %s", blob.blob_id, sha256)
    for asset_pk in pending:
        try:
            assets.validate_asset(asset_pk=asset_pk)
        except NotFoundError:
            continue  # removed meanwhile
    return sha256


def blob_digest(*, blob_id: str) -> dict[str, str | int | None]:
    try:
        blob = AssetBlob.objects.get(blob_id=parse_uuid(blob_id, what="AssetBlob"))
    except AssetBlob.DoesNotExist:
        raise NotFoundError("No AssetBlob matches the given query.") from None
    return {
        "blob_id": str(blob.blob_id),
        "etag": blob.etag,
        "sha256": blob.sha256,
        "size": blob.size,
        "digest": {"dandi:dandi-etag": blob.etag, **({"dandi:sha2-256": blob.sha256} if blob.sha256 else {})},
    }


def find_blob(*, algorithm: str, value: str) -> dict[str, str | int | None]:
    """Look up an open blob by its dandi-etag or sha256 (embargoed blobs are never revealed this way)."""
    field = "etag" if algorithm == "dandi:dandi-etag" else "sha256"
    blob = (
        AssetBlob.objects.filter(**{field: value}, embargoed_dandiset__isnull=True)
        .order_by("created")
        .first()
    )
    if blob is None:
        raise NotFoundError("No AssetBlob matches the given query.")
    return blob_digest(blob_id=str(blob.blob_id))
