"""Finding every process a state directory started, including orphans a crashed parent left behind."""

from __future__ import annotations

import contextlib
import os
import signal
import time

from stacks.local.state import MARKER_ENV, StateDir


def owned(state: StateDir) -> list[int]:
    """Pids whose environment carries this state dir's marker (set on supervisord, inherited by all)."""
    import psutil

    mine = os.getpid()
    found = []
    for proc in psutil.process_iter():
        if proc.pid == mine:
            continue
        try:
            if proc.environ().get(MARKER_ENV) == str(state.root) and proc.status() != psutil.STATUS_ZOMBIE:
                found.append(proc.pid)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess, OSError):
            continue
    return found


def sweep(state: StateDir, grace: float = 5) -> list[int]:
    """TERM, then KILL after `grace` seconds, every process still carrying the marker; returns those pids."""
    pids = owned(state)
    for pid in pids:
        _signal(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and owned(state):
        time.sleep(0.05)
    for pid in owned(state):
        _signal(pid, signal.SIGKILL)
    return pids


def _signal(pid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, sig)
