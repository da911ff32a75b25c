"""Queue background work after the surrounding transaction commits (so a worker never sees missing rows).

Each message goes through the ledger (archive.ledger): an object whose task already waits in the queue is not
queued twice. Services import this module, tasks import services; keeping the task imports inside the
functions here breaks the services <-> tasks cycle.
"""

from __future__ import annotations

from django.db import transaction

from archive import ledger


def _queue(task_name: str, pk: int) -> None:
    from archive import tasks

    task = getattr(tasks, task_name)
    transaction.on_commit(lambda: ledger.enqueue(task, pk))


def calculate_sha256(*, blob_pk: int) -> None:
    _queue("calculate_sha256", blob_pk)


def validate_asset(*, asset_pk: int) -> None:
    _queue("validate_asset_metadata", asset_pk)


def validate_version(*, version_pk: int) -> None:
    _queue("validate_version_metadata", version_pk)


def write_manifests(*, version_pk: int) -> None:
    _queue("write_manifest_files", version_pk)


def publish(*, version_pk: int) -> None:
    _queue("publish_dandiset", version_pk)


def unembargo(*, dandiset_pk: int) -> None:
    _queue("unembargo_dandiset", dandiset_pk)


def ingest_zarr(*, zarr_pk: int) -> None:
    _queue("ingest_zarr_archive", zarr_pk)
