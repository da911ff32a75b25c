"""A web process builds its S3 clients and broker connection at boot (dandiapp/warmup.py), and boots anyway
when the broker is down, without logging the broker's credentials."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.support import services

if TYPE_CHECKING:
    from collections.abc import Iterator

pytestmark = pytest.mark.integration


@contextlib.contextmanager
def web_only(tmp_path: Path, broker_url: str | None = None) -> Iterator[tuple[services.LiveApp, str]]:
    """gunicorn alone (no Celery worker, which would declare the queues itself), on a fresh database."""
    with services.temporary_database(prefix="dandi_warmup") as database_url, services.moto_s3() as endpoint:
        port = services.free_port()
        env = services.app_env(
            database_url=database_url,
            s3_endpoint=endpoint,
            api_url=f"http://127.0.0.1:{port}",
            broker_url=broker_url or services.sqla_broker_url(database_url),
        )
        app = services.LiveApp(url=f"http://127.0.0.1:{port}", env=env, log_dir=tmp_path)
        try:
            app.manage("migrate", "--noinput")
            app.start_web()
            app.wait_healthy()
            yield app, database_url
        finally:
            app.stop()


def kombu_queues(database_url: str) -> set[str]:
    import psycopg

    with psycopg.connect(database_url.replace("postgres://", "postgresql://", 1)) as conn:
        exists = conn.execute("SELECT to_regclass('kombu_queue')").fetchone()[0]
        return {row[0] for row in conn.execute("SELECT name FROM kombu_queue")} if exists else set()


def test_web_boot_declares_the_task_queues_before_any_request(tmp_path: Path) -> None:
    with web_only(tmp_path) as (_app, database_url):
        # Only /api/health/ has been requested, which queues nothing; the queues exist from the warm-up.
        deadline = time.monotonic() + 10
        while kombu_queues(database_url) != {"celery", "calculate_sha256"} and time.monotonic() < deadline:
            time.sleep(0.2)
        assert kombu_queues(database_url) == {"celery", "calculate_sha256"}


def test_web_boots_with_the_broker_down_and_keeps_its_password_out_of_the_log(tmp_path: Path) -> None:
    port = services.free_port()  # nothing listens here
    broker = f"amqp://dandi:broker-pass-{port}@127.0.0.1:{port}//"
    with web_only(tmp_path, broker_url=broker) as (app, _database_url):
        log = app.log("web", tail=None)
    assert "could not reach the task broker at boot" in log
    assert f"broker-pass-{port}" not in log
