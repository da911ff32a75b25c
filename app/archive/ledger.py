"""The ledger of background work (archive.models.BackgroundTask): queueing that coalesces; what tasks record.

A change queues its task only when no message for that object already waits in the queue: the waiting one runs
after the change committed and sees it. So a draft that gains 500 assets in a minute is validated a few times,
not 500 times, and the queue never holds more than one message per object and task.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import connection

from archive.models import BackgroundTask

_TABLE = BackgroundTask._meta.db_table

# Insert a queued row, or turn a running/done one back to queued; an already queued row is left alone, and
# then nothing is returned: its message is still in the queue.
_ENQUEUE = f"""
INSERT INTO {_TABLE} (task, object_pk, queue, state, queued_at, attempts, worker)
VALUES (%s, %s, %s, 'queued', clock_timestamp(), 0, '')
ON CONFLICT (task, object_pk) DO UPDATE
SET state = 'queued', queued_at = clock_timestamp(), started_at = NULL, finished_at = NULL, attempts = 0,
    worker = '', queue = EXCLUDED.queue
WHERE {_TABLE}.state <> 'queued'
RETURNING id
"""  # noqa: S608 - the table name is ours, values are parameters

_REQUEUE = f"""
UPDATE {_TABLE}
SET state = 'queued', queued_at = clock_timestamp(), started_at = NULL, finished_at = NULL,
    attempts = attempts + 1, worker = ''
WHERE task = %s AND object_pk = %s
RETURNING id
"""  # noqa: S608

_START = f"""
UPDATE {_TABLE} SET state = 'running', started_at = clock_timestamp(), worker = %s
WHERE task = %s AND object_pk = %s
RETURNING started_at
"""  # noqa: S608

# Only the run that set `started_at` closes the row: a newer dispatch meanwhile made it queued again.
_FINISH = f"""
UPDATE {_TABLE} SET state = 'done', finished_at = clock_timestamp()
WHERE task = %s AND object_pk = %s AND state = 'running' AND started_at = %s
"""  # noqa: S608


def queue_of(task_name: str) -> str:
    route = settings.CELERY_TASK_ROUTES.get(task_name) or {}
    return str(route.get("queue", "celery"))


def this_worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def enqueue(task: Any, pk: int) -> bool:
    """Send `task(pk)` unless a message for it already waits; True when a message was sent."""
    with connection.cursor() as cursor:
        cursor.execute(_ENQUEUE, [task.name, pk, queue_of(task.name)])
        if cursor.fetchone() is None:
            return False
    task.delay(pk)
    return True


def requeue(task: Any, pk: int) -> None:
    """Reconciliation's re-send of work the ledger shows lost; counts the attempt for the back-off."""
    with connection.cursor() as cursor:
        cursor.execute(_REQUEUE, [task.name, pk])
        if cursor.fetchone() is None:
            cursor.execute(_ENQUEUE, [task.name, pk, queue_of(task.name)])
            cursor.fetchone()
    task.delay(pk)


@contextmanager
def running(task_name: str, pk: int) -> Iterator[None]:
    """Mark the object's task running for the body; done once the body ends, whether it returned or raised
    (a raised error is retried by Celery, and reconciliation backs off from it)."""
    with connection.cursor() as cursor:
        cursor.execute(_START, [this_worker(), task_name, pk])
        row = cursor.fetchone()
    try:
        yield
    finally:
        if row is not None:
            with connection.cursor() as cursor:
                cursor.execute(_FINISH, [task_name, pk, row[0]])
