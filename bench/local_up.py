"""Benchmark of the local environment: cold `dandi-stack up` until healthy, and `dandi-stack down`.

Cold = a new state directory (initdb, empty buckets, all migrations), dependencies already installed.
Healthy = what `up` waits for before returning: /api/health/ 200 (database + storage), both Celery
workers ready, and the web UI answering (when web/dist is built).
Usage: python bench/local_up.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOAL_UP_SECONDS = 15.0
GOAL_DOWN_SECONDS = 2.0
CLI = str(Path(sys.executable).parent / "dandi-stack")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def timed(*args: str) -> float:
    started = time.monotonic()
    result = subprocess.run([CLI, *args], capture_output=True, text=True, check=False)
    elapsed = time.monotonic() - started
    if result.returncode != 0:
        sys.exit(f"`dandi-stack {' '.join(args)}` failed:\n{result.stdout}\n{result.stderr}")
    return elapsed


def one_run(root: Path, index: int) -> tuple[float, float]:
    state = root / f"state{index}"
    ports = ["--port", str(free_port()), "--s3-port", str(free_port()), "--postgres-port", str(free_port())]
    ports += ["--ui-port", str(free_port())]
    up = timed("up", "--state-dir", str(state), *ports)
    down = timed("down", "--state-dir", str(state))
    return up, down


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    runs = parser.parse_args().runs
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="dandi-bench-") as tmp:
        results = [one_run(Path(tmp), i) for i in range(runs)]
    ups, downs = [r[0] for r in results], [r[1] for r in results]
    up, down = statistics.median(ups), statistics.median(downs)
    print(f"runs: {runs} (1-min load average before: {load:.2f} on {os.cpu_count()} CPUs)")
    print(f"cold up -> healthy: {up:.1f} s (median; all: {', '.join(f'{u:.1f}' for u in ups)})")
    print(
        f"goal: <= {GOAL_UP_SECONDS:.0f} s -> ratio up/goal = {up / GOAL_UP_SECONDS:.2f} "
        f"({'met' if up <= GOAL_UP_SECONDS else 'NOT met'})"
    )
    print(
        f"down (stop all, remove state): {down:.1f} s (median; all: {', '.join(f'{d:.1f}' for d in downs)})"
    )
    print(
        f"goal: <= {GOAL_DOWN_SECONDS:.0f} s -> ratio down/goal = {down / GOAL_DOWN_SECONDS:.2f} "
        f"({'met' if down <= GOAL_DOWN_SECONDS else 'NOT met'})"
    )
    print(f"ratio down/up = {down / up:.2f}")


if __name__ == "__main__":
    main()
