"""Celery tasks: take ids, re-fetch, delegate to one service. All idempotent, acked late, retried.

Each task on an object records in the ledger when it starts and ends (archive.ledger), which is what lets
dispatch coalesce and reconciliation tell queued and running work from lost work.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from botocore.exceptions import BotoCoreError
from celery import shared_task
from celery.utils.log import get_task_logger
from django.db import OperationalError

from archive import ledger
from archive.services import assets, blobs, manifests, uploads, versions, zarr
from archive.services import reconcile as reconcile_service
from archive.services.dandisets import unembargo
from archive.services.exceptions import NotFoundError
from archive.services.versions import publishing

logger = get_task_logger(__name__)

COMMON = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (BotoCoreError, OperationalError, OSError),
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "max_retries": 8,
}


def _tracked(body: Callable[[int], None]) -> Callable[[int], None]:
    @functools.wraps(body)
    def run(pk: int) -> None:
        with ledger.running(f"{__name__}.{body.__name__}", pk):
            body(pk)

    return run


@shared_task(soft_time_limit=6 * 3600, time_limit=6 * 3600 + 300, **COMMON)
@_tracked
def calculate_sha256(blob_pk: int) -> None:
    try:
        blobs.calculate_sha256(blob_pk=blob_pk)
    except NotFoundError:
        logger.warning("blob %s vanished before its sha256 was computed", blob_pk)


@shared_task(soft_time_limit=300, time_limit=360, **COMMON)
@_tracked
def validate_asset_metadata(asset_pk: int) -> None:
    try:
        assets.validate_asset(asset_pk=asset_pk)
    except NotFoundError:
        logger.warning("asset %s vanished before validation", asset_pk)


@shared_task(soft_time_limit=300, time_limit=360, **COMMON)
@_tracked
def validate_version_metadata(version_pk: int) -> None:
    try:
        versions.validate_version(version_pk=version_pk)
    except NotFoundError:
        logger.warning("version %s vanished before validation", version_pk)


@shared_task(soft_time_limit=600, time_limit=660, **COMMON)
@_tracked
def write_manifest_files(version_pk: int) -> None:
    try:
        manifests.write_manifest_files(version_pk=version_pk)
    except NotFoundError:
        logger.warning("version %s vanished before its manifests were written", version_pk)


@shared_task(soft_time_limit=600, time_limit=660, **COMMON)
@_tracked
def publish_dandiset(version_pk: int) -> None:
    try:
        publishing.publish_version(version_pk=version_pk)
    except NotFoundError:
        logger.warning("version %s vanished before it was published", version_pk)


@shared_task(soft_time_limit=3600, time_limit=3660, **COMMON)
@_tracked
def unembargo_dandiset(dandiset_pk: int) -> None:
    try:
        unembargo.unembargo_dandiset(dandiset_pk=dandiset_pk)
    except NotFoundError:
        logger.warning("dandiset %s vanished before it was unembargoed", dandiset_pk)


@shared_task(soft_time_limit=6 * 3600, time_limit=6 * 3600 + 300, **COMMON)
@_tracked
def ingest_zarr_archive(zarr_pk: int) -> None:
    try:
        zarr.ingest_zarr(zarr_pk=zarr_pk)
    except NotFoundError:
        logger.warning("zarr %s vanished before it was ingested", zarr_pk)


@shared_task(soft_time_limit=120, time_limit=180, **COMMON)
def reconcile() -> None:
    reconcile_service.reconcile()


@shared_task(soft_time_limit=1800, time_limit=1900, **COMMON)
def garbage_collect_uploads() -> None:
    uploads.garbage_collect_uploads()
