"""Unembargo: an embargoed dandiset's data becomes open to everyone.

The request marks the dandiset Unembargoing (edits and new uploads then get 423). The worker drops the
embargoed=true tag from each of its blobs and Zarr files, so the bucket policy's deny no longer applies,
releases the blobs for reuse by any dandiset, then marks the dandiset Open and rewrites its manifests
untagged. Refused while uploads are in flight: their objects were created tagged, and would stay denied.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from archive import dispatch
from archive.models import AssetBlob, Dandiset, EmbargoStatus, Upload
from archive.services import permissions, storage
from archive.services import versions as version_service
from archive.services.exceptions import InvalidInputError, LockedError, NotFoundError

if TYPE_CHECKING:
    from archive.services.permissions import User


def unembargo(*, user: User, dandiset: Dandiset) -> Dandiset:
    permissions.require_owner(user=user, dandiset=dandiset)
    with transaction.atomic():
        locked = Dandiset.objects.select_for_update().get(pk=dandiset.pk)
        if locked.embargo_status == EmbargoStatus.UNEMBARGOING:
            raise LockedError("Dandiset is currently being unembargoed.")
        if locked.embargo_status != EmbargoStatus.EMBARGOED:
            raise InvalidInputError("Dandiset is not embargoed.")
        if Upload.objects.filter(dandiset=locked).exists():
            raise InvalidInputError(
                "Dandiset has uploads in progress; complete them (or let them expire) before unembargoing."
            )
        locked.embargo_status = EmbargoStatus.UNEMBARGOING
        locked.save(update_fields=["embargo_status", "modified"])
        dispatch.unembargo(dandiset_pk=locked.pk)
    return locked


def unembargo_dandiset(*, dandiset_pk: int) -> bool:
    """The worker's half; True when it opened the dandiset. Idempotent: untagging twice is harmless."""
    try:
        dandiset = Dandiset.objects.get(pk=dandiset_pk)
    except Dandiset.DoesNotExist:
        raise NotFoundError(f"dandiset {dandiset_pk} does not exist") from None
    if dandiset.embargo_status != EmbargoStatus.UNEMBARGOING:
        return False
    for blob in AssetBlob.objects.filter(embargoed_dandiset=dandiset).iterator():
        storage.untag_embargoed(key=blob.s3_key)
        AssetBlob.objects.filter(pk=blob.pk).update(embargoed_dandiset=None)
    for zarr in dandiset.zarr_archives.all():
        for obj in storage.list_objects(prefix=zarr.s3_prefix):
            storage.untag_embargoed(key=obj["Key"])
    with transaction.atomic():
        opened = Dandiset.objects.filter(pk=dandiset.pk, embargo_status=EmbargoStatus.UNEMBARGOING).update(
            embargo_status=EmbargoStatus.OPEN
        )
        # The metadata's access field changes: validate again, and rewrite the manifests without the tag.
        for version in dandiset.versions.filter(version="draft"):
            version_service.mark_pending(version=version)
    return bool(opened)
