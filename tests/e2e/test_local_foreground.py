"""`dandi-stack up --foreground`: streams the processes' logs; Ctrl-C stops everything and keeps the state."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import pytest

from stacks.local.processes import owned
from stacks.local.state import StateDir
from tests.support.localenv import CLI, free_ports, port_args

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]


def test_foreground_streams_logs_and_ctrl_c_stops(state_dir: Path) -> None:
    ports = free_ports()
    with subprocess.Popen(
        [CLI, "up", "--foreground", "--state-dir", str(state_dir), *port_args(ports)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as proc:
        assert proc.stdout is not None
        seen: list[str] = []
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            seen.append(line)
            # beat queues the reconciliation every few seconds: a live line from a process after `up` returned
            if "reconcile" in line and line.strip().startswith("worker |"):
                break
        up_at = next(i for i, s in enumerate(seen) if "up and healthy" in s)
        assert any(s.strip().startswith("worker |") for s in seen[up_at:]), "".join(seen)
        assert not any("GET /api/health/" in s for s in seen), "past log lines were replayed"
        proc.send_signal(signal.SIGINT)
        rest, _ = proc.communicate(timeout=120)
    assert proc.returncode == 0
    assert f"Stopped. State kept in {state_dir.resolve()}" in rest
    assert (state_dir / "pgdata" / "PG_VERSION").exists()
    assert owned(StateDir(state_dir.resolve())) == []
