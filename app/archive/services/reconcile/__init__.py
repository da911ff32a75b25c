"""Re-queue work whose message was lost (a worker killed mid-task, a broker that dropped it).

Every task is idempotent, so queueing one twice only costs time; what matters is that none is lost for good.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from archive import dispatch
from archive.models import (
    Asset,
    AssetBlob,
    AssetStatus,
    Dandiset,
    EmbargoStatus,
    Version,
    VersionStatus,
    ZarrArchive,
    ZarrStatus,
)

logger = logging.getLogger(__name__)


def reconcile(*, now: object = None) -> dict[str, int]:
    cutoff = (now or timezone.now()) - timedelta(seconds=settings.DANDI_RECONCILE_GRACE_SECONDS)
    blobs = list(
        AssetBlob.objects.filter(sha256__isnull=True, created__lt=cutoff).values_list("pk", flat=True)
    )
    for pk in blobs:
        dispatch.calculate_sha256(blob_pk=pk)
    assets = list(
        Asset.objects.filter(
            Q(blob__sha256__isnull=False) | Q(zarr__status=ZarrStatus.COMPLETE),
            status__in=[AssetStatus.PENDING, AssetStatus.VALIDATING],
            modified__lt=cutoff,
        ).values_list("pk", flat=True)
    )
    for pk in assets:
        dispatch.validate_asset(asset_pk=pk)
    versions = list(
        Version.objects.filter(
            status__in=[VersionStatus.PENDING, VersionStatus.VALIDATING], modified__lt=cutoff
        ).values_list("pk", flat=True)
    )
    for pk in versions:
        dispatch.validate_version(version_pk=pk)
    publishing = list(
        Version.objects.filter(status=VersionStatus.PUBLISHING, modified__lt=cutoff).values_list(
            "pk", flat=True
        )
    )
    for pk in publishing:
        dispatch.publish(version_pk=pk)
    unembargoing = list(
        Dandiset.objects.filter(embargo_status=EmbargoStatus.UNEMBARGOING, modified__lt=cutoff).values_list(
            "pk", flat=True
        )
    )
    for pk in unembargoing:
        dispatch.unembargo(dandiset_pk=pk)
    zarrs = list(
        ZarrArchive.objects.filter(
            status__in=[ZarrStatus.UPLOADED, ZarrStatus.INGESTING], modified__lt=cutoff
        ).values_list("pk", flat=True)
    )
    for pk in zarrs:
        dispatch.ingest_zarr(zarr_pk=pk)
    counts = {
        "blobs": len(blobs),
        "assets": len(assets),
        "versions": len(versions),
        "publishing": len(publishing),
        "unembargoing": len(unembargoing),
        "zarrs": len(zarrs),
    }
    if any(counts.values()):
        logger.info("reconcile re-queued %s", counts)
    return counts
