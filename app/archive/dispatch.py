"""Queue background work after the surrounding transaction commits (so a worker never sees missing rows).

Services import this module, tasks import services; keeping the task imports inside the functions here
breaks the
services <-> tasks cycle.
"""

from __future__ import annotations

from django.db import transaction


def calculate_sha256(*, blob_pk: int) -> None:
    from archive import tasks

    transaction.on_commit(lambda: tasks.calculate_sha256.delay(blob_pk))


def validate_asset(*, asset_pk: int) -> None:
    from archive import tasks

    transaction.on_commit(lambda: tasks.validate_asset_metadata.delay(asset_pk))


def validate_version(*, version_pk: int) -> None:
    from archive import tasks

    transaction.on_commit(lambda: tasks.validate_version_metadata.delay(version_pk))


def write_manifests(*, version_pk: int) -> None:
    from archive import tasks

    transaction.on_commit(lambda: tasks.write_manifest_files.delay(version_pk))


def publish(*, version_pk: int) -> None:
    from archive import tasks

    transaction.on_commit(lambda: tasks.publish_dandiset.delay(version_pk))


def unembargo(*, dandiset_pk: int) -> None:
    from archive import tasks

    transaction.on_commit(lambda: tasks.unembargo_dandiset.delay(dandiset_pk))


def ingest_zarr(*, zarr_pk: int) -> None:
    from archive import tasks

    transaction.on_commit(lambda: tasks.ingest_zarr_archive.delay(zarr_pk))
