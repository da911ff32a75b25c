"""How long `dandi-stack --help` takes, as a ratio to a bare `python -c pass` measured in the same run.

Goal: under 0.3 s absolute on the development machine. Each command runs in a fresh process; the median of
N runs is reported, after one warm-up run each (so the OS file cache is warm, as it is for a user's second
command). Run: .venv/bin/python bench/cli_startup.py [N]
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

GOAL_SECONDS = 0.3


def median_seconds(argv: list[str], runs: int) -> float:
    subprocess.run(argv, check=True, capture_output=True)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    script = Path(sys.executable).with_name("dandi-stack")
    cli = [str(script)] if script.exists() else [shutil.which("dandi-stack") or "dandi-stack"]
    bare = median_seconds([sys.executable, "-c", "pass"], runs)
    help_ = median_seconds([*cli, "--help"], runs)
    print(f"python -c pass        {bare * 1000:7.1f} ms  (median of {runs})")
    print(f"dandi-stack --help    {help_ * 1000:7.1f} ms  (median of {runs})")
    print(f"ratio                 {help_ / bare:7.1f} x")
    print(f"goal < {GOAL_SECONDS:.1f} s absolute: {'met' if help_ < GOAL_SECONDS else 'NOT met'}")


if __name__ == "__main__":
    main()
