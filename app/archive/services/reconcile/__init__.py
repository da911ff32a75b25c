"""Re-queue work whose message was lost (a worker killed mid-task, a broker that dropped it), and only that.

Work still waiting in the queue or running is left alone: the ledger (archive.models.BackgroundTask) says when
each object's task was queued, started and finished. A task counts as lost when
- nothing records it (its message was never sent), or it finished and the object still needs it;
- it runs in a process of this host that no longer exists, or longer than its time limit;
- it is queued but the broker's queue is empty, or a task queued after it on the same queue has already
  started (queues deliver in order, so its own message is gone), or it waited longer than MAX_WAIT.
Each re-queue doubles the wait before the next one (grace * 2 ** attempts), and one log line per kind names
what was stuck, why and for how long.
"""

from __future__ import annotations

import logging
import os
import socket
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from archive import ledger
from archive.models import (
    Asset,
    AssetBlob,
    AssetStatus,
    BackgroundTask,
    Dandiset,
    EmbargoStatus,
    TaskState,
    Version,
    VersionStatus,
    ZarrArchive,
    ZarrStatus,
)

logger = logging.getLogger(__name__)

# A queued task nothing else shows lost is re-queued after this long anyway (times 2 ** attempts).
MAX_WAIT = timedelta(hours=1)
MAX_BACKOFF_DOUBLINGS = 10


def _blobs(cutoff: datetime) -> list[int]:
    return list(
        AssetBlob.objects.filter(sha256__isnull=True, created__lt=cutoff).values_list("pk", flat=True)
    )


def _assets(cutoff: datetime) -> list[int]:
    return list(
        Asset.objects.filter(
            Q(blob__sha256__isnull=False) | Q(zarr__status=ZarrStatus.COMPLETE),
            status__in=[AssetStatus.PENDING, AssetStatus.VALIDATING],
            modified__lt=cutoff,
        ).values_list("pk", flat=True)
    )


def _versions(cutoff: datetime) -> list[int]:
    unvalidated = Asset.objects.filter(
        versions=OuterRef("pk"), status__in=[AssetStatus.PENDING, AssetStatus.VALIDATING]
    )
    return list(
        Version.objects.filter(
            status__in=[VersionStatus.PENDING, VersionStatus.VALIDATING], modified__lt=cutoff
        )
        .exclude(Exists(unvalidated))
        .values_list("pk", flat=True)
    )


def _publishing(cutoff: datetime) -> list[int]:
    return list(
        Version.objects.filter(status=VersionStatus.PUBLISHING, modified__lt=cutoff).values_list(
            "pk", flat=True
        )
    )


def _unembargoing(cutoff: datetime) -> list[int]:
    return list(
        Dandiset.objects.filter(embargo_status=EmbargoStatus.UNEMBARGOING, modified__lt=cutoff).values_list(
            "pk", flat=True
        )
    )


def _zarrs(cutoff: datetime) -> list[int]:
    return list(
        ZarrArchive.objects.filter(
            status__in=[ZarrStatus.UPLOADED, ZarrStatus.INGESTING], modified__lt=cutoff
        ).values_list("pk", flat=True)
    )


@dataclass(frozen=True)
class Kind:
    key: str  # the name in the counts and the log line
    what: str  # the object, as the log names it
    task: str  # the task's function in archive.tasks
    needed: Callable[[datetime], list[int]]  # objects whose work is not done, untouched since the cutoff


KINDS = [
    Kind("blobs", "blob", "calculate_sha256", _blobs),
    Kind("assets", "asset", "validate_asset_metadata", _assets),
    Kind("versions", "version", "validate_version_metadata", _versions),
    Kind("publishing", "version", "publish_dandiset", _publishing),
    Kind("unembargoing", "dandiset", "unembargo_dandiset", _unembargoing),
    Kind("zarrs", "zarr", "ingest_zarr_archive", _zarrs),
]


@dataclass
class _Facts:
    """What the whole pass compares each ledger row with."""

    now: datetime
    grace: timedelta
    host: str
    queue_sizes: dict[str, int | None]
    last_started: dict[str, datetime | None]


def reconcile(*, now: datetime | None = None) -> dict[str, int]:
    """Re-queue lost work; returns how many objects of each kind were re-queued."""
    from archive import tasks

    now = now or timezone.now()
    grace = timedelta(seconds=settings.DANDI_RECONCILE_GRACE_SECONDS)
    facts = _Facts(now, grace, socket.gethostname(), {}, {})
    counts: dict[str, int] = {}
    for kind in KINDS:
        task = getattr(tasks, kind.task)
        needed = kind.needed(now - grace)
        rows = {
            row.object_pk: row for row in BackgroundTask.objects.filter(task=task.name, object_pk__in=needed)
        }
        stuck: list[tuple[int, str, timedelta]] = []
        waiting = 0
        for pk in needed:
            row = rows.get(pk)
            reason = _lost(row, task=task, facts=facts)
            if reason is None:
                waiting += 1
                continue
            stuck.append((pk, reason, now - row.queued_at if row is not None else grace))
            ledger.requeue(task, pk)
        counts[kind.key] = len(stuck)
        _report(kind, stuck, waiting)
    return counts


def _lost(row: BackgroundTask | None, *, task: Any, facts: _Facts) -> str | None:
    """Why the row's task is lost, or None while it is queued or running as it should."""
    if row is None:
        return "never queued"
    backoff = facts.grace * 2 ** min(row.attempts, MAX_BACKOFF_DOUBLINGS)
    if row.state == TaskState.DONE:
        finished = row.finished_at or row.queued_at
        return "finished without settling it" if facts.now - finished > backoff else None
    if row.state == TaskState.RUNNING:
        host, _, pid = row.worker.rpartition(":")
        if host == facts.host and pid.isdigit() and not _alive(int(pid)):
            return "its worker died"
        limit = timedelta(seconds=task.time_limit or 3600)
        return "ran past its time limit" if row.started_at and facts.now - row.started_at > limit else None
    if facts.now - row.queued_at <= backoff:
        return None
    if _queue_size(row.queue, facts) == 0:
        return "not in the queue"
    last = _last_started(row.queue, facts)
    if last is not None and last > row.queued_at + facts.grace:
        return "overtaken by later tasks"
    if facts.now - row.queued_at > MAX_WAIT * 2 ** min(row.attempts, MAX_BACKOFF_DOUBLINGS):
        return "queued too long"
    return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _queue_size(queue: str, facts: _Facts) -> int | None:
    """Messages waiting in the broker's queue (0 when it does not exist), None when the broker cannot say."""
    if queue not in facts.queue_sizes:
        facts.queue_sizes[queue] = _broker_queue_size(queue)
    return facts.queue_sizes[queue]


def _broker_queue_size(queue: str) -> int | None:
    from celery import current_app
    from kombu.exceptions import ChannelError

    try:
        with current_app.connection_for_read() as conn:
            channel = conn.channel()
            try:
                return int(channel.queue_declare(queue=queue, passive=True).message_count)
            except ChannelError:
                return 0  # a queue the broker does not know holds nothing
            finally:
                try:
                    channel.close()
                except Exception:  # a channel the broker closed on NOT_FOUND
                    logger.debug("closing the channel after sizing %s failed", queue, exc_info=True)
    except Exception:  # an unreachable or eager broker: reconcile by age alone
        logger.debug("could not size queue %s", queue, exc_info=True)
        return None


def _last_started(queue: str, facts: _Facts) -> datetime | None:
    if queue not in facts.last_started:
        facts.last_started[queue] = BackgroundTask.objects.filter(
            queue=queue, started_at__isnull=False
        ).aggregate(latest=Max("queued_at"))["latest"]
    return facts.last_started[queue]


def _report(kind: Kind, stuck: list[tuple[int, str, timedelta]], waiting: int) -> None:
    if not stuck:
        if waiting:
            logger.info(
                "reconcile: %d %s task(s) of %ss queued or running; left alone", waiting, kind.task, kind.what
            )
        return
    reasons = ", ".join(f"{reason}: {n}" for reason, n in Counter(r for _, r, _ in stuck).most_common())
    oldest = max(age for _, _, age in stuck).total_seconds()
    named = ", ".join(str(pk) for pk, _, _ in stuck[:10]) + (" ..." if len(stuck) > 10 else "")
    logger.warning(
        "reconcile: re-queued %s for %d %s(s) stuck up to %.0f s (%s): %s %s",
        kind.task,
        len(stuck),
        kind.what,
        oldest,
        reasons,
        kind.what,
        named,
    )
