"""Blob checksums: sha256 streamed from S3, then the blob's pending assets are (re)validated."""

from __future__ import annotations

import hashlib
import logging
import queue
import threading
from typing import Any

from django.db import transaction

from archive import dispatch
from archive.models import AssetBlob, AssetStatus
from archive.services import storage
from archive.services.exceptions import NotFoundError, parse_uuid

logger = logging.getLogger(__name__)


def sha256_of_stream(body: Any, *, buffer_size: int = 8 * 1024 * 1024, buffers: int = 3) -> str:
    """Hash a stream while the next buffer is being read: socket reads and hashlib both release the GIL, so
    reading and hashing overlap and the rate approaches the slower of the two instead of their harmonic
    sum."""
    free: queue.Queue[bytearray | None] = queue.Queue()
    filled: queue.Queue[tuple[bytearray, int] | None] = queue.Queue()
    for _ in range(buffers):
        free.put(bytearray(buffer_size))
    errors: list[BaseException] = []

    def read() -> None:
        try:
            while (buf := free.get()) is not None:
                view, size = memoryview(buf), 0
                while size < buffer_size and (got := body.readinto(view[size:])):
                    size += got
                filled.put((buf, size))
                if size < buffer_size:
                    return
        except BaseException as exc:
            errors.append(exc)
        finally:
            filled.put(None)

    reader = threading.Thread(target=read, name="sha256-reader", daemon=True)
    reader.start()
    digest = hashlib.sha256()
    try:
        while (item := filled.get()) is not None:
            buf, size = item
            digest.update(memoryview(buf)[:size])
            free.put(buf)
    finally:
        free.put(None)  # stops the reader if we leave early (e.g. a soft time limit)
        body.close()
        reader.join(timeout=10)
    if errors:
        raise errors[0]
    return digest.hexdigest()


def calculate_sha256(*, blob_pk: int) -> str:
    """Idempotent: a blob that already has its sha256 is left as is."""
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
        for asset in locked.assets.filter(status=AssetStatus.PENDING):
            dispatch.validate_asset(asset_pk=asset.pk)
    logger.info("sha256 of blob %s: %s", blob.blob_id, sha256)
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
