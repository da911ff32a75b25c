"""Crash recovery of the local environment: supervisord restarts killed processes, reconciliation re-queues
the work a killed worker took with it."""

from __future__ import annotations

import hashlib
import os
import re
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from stacks.local import health, supervisor
from stacks.local.state import StateDir
from tests.support.localenv import DANDI, Env, make_dandiset, run_cli, start, wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]

RECOVERY_SECONDS = 5


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    state_dir = tmp_path_factory.mktemp("resilience") / "state"
    try:
        yield start(state_dir)
    finally:
        run_cli("down", "--state-dir", str(state_dir))


def _running_pid(env: Env, name: str) -> int | None:
    for info in supervisor.processes(StateDir(env.state_dir.resolve())):
        if info["name"] == name and info["statename"] == "RUNNING":
            return int(info["pid"])
    return None


def _kill_tree(pid: int) -> list[int]:
    """SIGKILL a process and all its children at once, like an OOM kill of the whole worker."""
    proc = psutil.Process(pid)
    victims = [proc, *proc.children(recursive=True)]
    for victim in victims:
        victim.kill()
    return [v.pid for v in victims]


def test_web_killed_is_back_and_healthy_within_5s(env: Env) -> None:
    old = _running_pid(env, "web")
    assert old is not None
    old_children = [c.pid for c in psutil.Process(old).children()]
    os.kill(old, signal.SIGKILL)
    started = time.monotonic()

    def back() -> bool:
        pid = _running_pid(env, "web")
        return pid not in (None, old) and health.check_web(env.ports.web, timeout=1).ok

    elapsed = wait_for(back, timeout=30, env=env)
    print(f"web: killed -9, back and healthy in {elapsed:.2f} s")
    assert elapsed <= RECOVERY_SECONDS, f"web took {elapsed:.2f} s"
    # gunicorn workers of the killed master notice their parent is gone and exit: nothing stays behind.
    wait_for(
        lambda: (
            not any(
                psutil.pid_exists(p) and psutil.Process(p).status() != psutil.STATUS_ZOMBIE
                for p in old_children
            )
        ),
        timeout=RECOVERY_SECONDS - (time.monotonic() - started) + 5,
    )


def test_worker_killed_is_back_and_ready_within_5s(env: Env) -> None:
    log = env.state_dir / "logs" / "worker.log"
    old = _running_pid(env, "worker")
    assert old is not None
    offset = health.log_size(log)
    _kill_tree(old)

    def back() -> bool:
        pid = _running_pid(env, "worker")
        return pid not in (None, old) and health.worker_ready(log, offset)

    elapsed = wait_for(back, timeout=30, env=env)
    print(f"worker: killed -9, back and ready in {elapsed:.2f} s")
    assert elapsed <= RECOVERY_SECONDS, f"worker took {elapsed:.2f} s"


def test_upload_in_flight_when_checksum_worker_dies_still_gets_sha256(env: Env, tmp_path: Path) -> None:
    log = env.state_dir / "logs" / "checksum-worker.log"
    identifier, directory = make_dandiset(env, tmp_path, "sha256 after a crash")
    (directory / "big.bin").write_bytes(os.urandom(96 * 1024 * 1024))
    offset = health.log_size(log)
    with subprocess.Popen(
        [DANDI, "upload", "-i", env.api_url, "--allow-any-path", "--validation", "skip"],
        cwd=directory,
        env=env.client_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    ) as upload:
        received = re.compile(rb"calculate_sha256\[([0-9a-f-]+)\] received")

        def task_received() -> bool:
            with log.open("rb") as fh:
                fh.seek(offset)
                return bool(received.search(fh.read()))

        try:
            wait_for(task_received, timeout=240, interval=0.01)
        except AssertionError as err:
            upload.kill()
            raise AssertionError(
                f"no sha256 task reached the checksum worker; upload said: {upload.communicate()[0]}"
            ) from err
        worker = _running_pid(env, "checksum-worker")
        assert worker is not None
        _kill_tree(worker)
        killed_at = time.monotonic()
        with log.open("rb") as fh:
            fh.seek(offset)
            assert b"succeeded" not in fh.read(), "the sha256 task finished before the kill; nothing was lost"
        output, _ = upload.communicate(timeout=240)
        assert upload.returncode == 0, output

    asset = env.api("GET", f"/dandisets/{identifier}/versions/draft/assets/")["results"][0]

    def has_sha256() -> bool:
        return "dandi:sha2-256" in env.api("GET", f"/assets/{asset['asset_id']}/")["digest"]

    wait_for(has_sha256, timeout=120, interval=0.5, env=env)
    print(f"sha256 present {time.monotonic() - killed_at:.1f} s after the checksum worker was killed")
    digest = env.api("GET", f"/assets/{asset['asset_id']}/")["digest"]["dandi:sha2-256"]
    assert digest == hashlib.sha256((directory / "big.bin").read_bytes()).hexdigest()


def test_postgres_killed_is_back_and_the_api_healthy_within_5s(env: Env) -> None:
    old = _running_pid(env, "postgres")
    assert old is not None
    os.kill(old, signal.SIGKILL)

    def back() -> bool:
        pid = _running_pid(env, "postgres")
        return pid not in (None, old) and health.check_web(env.ports.web, timeout=1).ok

    elapsed = wait_for(back, timeout=30, env=env)
    print(f"postgres: killed -9, back (crash recovery) and API healthy in {elapsed:.2f} s")
    assert elapsed <= RECOVERY_SECONDS, f"postgres took {elapsed:.2f} s"


def test_ui_killed_is_back_and_serving_within_5s(env: Env) -> None:
    old = _running_pid(env, "ui")
    assert old is not None, "the web UI is not served: web/dist missing? (./dev builds it)"
    os.kill(old, signal.SIGKILL)

    def back() -> bool:
        pid = _running_pid(env, "ui")
        return pid not in (None, old) and health.check_ui(env.ports.ui, timeout=1).ok

    elapsed = wait_for(back, timeout=30, env=env)
    print(f"ui: killed -9, back and serving in {elapsed:.2f} s")
    assert elapsed <= RECOVERY_SECONDS, f"ui took {elapsed:.2f} s"
