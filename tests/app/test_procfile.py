"""Every Procfile process starts as Heroku (and the local supervisor) would run it: through `sh -c`."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from stacks.local.procfile import load as load_procfile
from tests.support import services

pytestmark = pytest.mark.integration

SH = "/bin/sh"  # Heroku runs each Procfile line through `sh -c`


def procfile() -> dict[str, str]:
    """The Procfile read by the local runtime's parser (the one the supervisor's programs come from)."""
    return load_procfile(services.APP_DIR / "Procfile")


def test_procfile_declares_the_contract_processes() -> None:
    entries = procfile()
    assert set(entries) == {"release", "web", "worker", "checksum-worker"}
    assert entries["release"] == "python manage.py migrate --noinput"
    assert "--queues celery " in entries["worker"]
    assert "--beat" in entries["worker"]
    assert "--queues calculate_sha256" in entries["checksum-worker"]


def test_procfile_processes_start(s3_endpoint: str, tmp_path: Path) -> None:
    port = services.free_port()
    with services.temporary_database() as database_url:
        env = {
            **os.environ,
            **services.app_env(
                database_url=database_url,
                s3_endpoint=s3_endpoint,
                api_url=f"http://127.0.0.1:{port}",
                broker_url=services.sqla_broker_url(database_url),
            ),
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
            "PORT": str(port),
            "WEB_BIND": "127.0.0.1",
            "WEB_CONCURRENCY": "1",
            "DJANGO_CELERY_WORKER_CONCURRENCY": "1",
            "CELERY_BEAT_SCHEDULE_FILE": str(tmp_path / "beat-schedule"),
        }
        entries = procfile()
        release = subprocess.run(
            [SH, "-c", entries["release"]],
            cwd=services.APP_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert release.returncode == 0, release.stderr
        procs = {}
        try:
            for name in ("web", "worker", "checksum-worker"):
                log = (tmp_path / f"{name}.log").open("wb")
                procs[name] = subprocess.Popen(
                    [SH, "-c", entries[name]],
                    cwd=services.APP_DIR,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
                log.close()
            deadline = time.monotonic() + 60
            health = None
            while time.monotonic() < deadline:
                try:
                    health = requests.get(f"http://127.0.0.1:{port}/api/health/", timeout=2)
                    break
                except requests.RequestException:
                    time.sleep(0.3)
            assert health is not None, (tmp_path / "web.log").read_text()
            assert (health.status_code, health.json()) == (200, {"database": "ok", "storage": "ok"})
            for name in ("worker", "checksum-worker"):
                while time.monotonic() < deadline and " ready." not in (tmp_path / f"{name}.log").read_text():
                    time.sleep(0.3)
                text = (tmp_path / f"{name}.log").read_text()
                assert " ready." in text, text[-3000:]
            assert "beat: Starting" in (tmp_path / "worker.log").read_text()
            assert ".> calculate_sha256" in (tmp_path / "checksum-worker.log").read_text()
        finally:
            for proc in procs.values():
                os.killpg(proc.pid, signal.SIGTERM)
            for proc in procs.values():
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(timeout=20)
                # Whatever of the group outlived its leader (a worker that ignored TERM while booting) goes too.
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)


def test_release_creates_the_sqlalchemy_broker_tables(s3_endpoint: str) -> None:
    import psycopg

    with services.temporary_database() as database_url:
        env = {
            **os.environ,
            **services.app_env(
                database_url=database_url,
                s3_endpoint=s3_endpoint,
                api_url="http://127.0.0.1:1",
                broker_url=services.sqla_broker_url(database_url),
            ),
        }
        release = subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput"],
            cwd=services.APP_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert release.returncode == 0, release.stderr
        with psycopg.connect(database_url.replace("postgres://", "postgresql://", 1)) as conn:
            tables = {
                row[0]
                for row in conn.execute("SELECT tablename FROM pg_tables WHERE tablename LIKE 'kombu_%'")
            }
        assert tables == {"kombu_queue", "kombu_message"}
