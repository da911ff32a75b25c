"""How long the offline `dandi-stack plan prod` takes (mock render of the whole prod resource graph), end to
end in a fresh process as a user or CI job runs it, with `python -c pass` in the same run for scale.

Goal: <= 3 s. Reports the median of N runs after one warm-up. Run: .venv/bin/python bench/plan_time.py [N]
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

GOAL_SECONDS = 3.0
ROOT = Path(__file__).resolve().parent.parent


def median_seconds(argv: list[str], runs: int) -> tuple[float, str]:
    out = subprocess.run(argv, check=True, capture_output=True, text=True, cwd=ROOT).stdout
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True, cwd=ROOT)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), out


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    script = Path(sys.executable).with_name("dandi-stack")
    cli = [str(script)] if script.exists() else [shutil.which("dandi-stack") or "dandi-stack"]
    bare, _ = median_seconds([sys.executable, "-c", "pass"], runs)
    plan, out = median_seconds([*cli, "plan", "prod", "--project-dir", str(ROOT)], runs)
    print(f"python -c pass             {bare:6.3f} s  (median of {runs})")
    print(f"dandi-stack plan prod      {plan:6.3f} s  (median of {runs}; {out.splitlines()[0]})")
    print(f"ratio                      {plan / bare:6.1f} x")
    print(f"goal <= {GOAL_SECONDS:.0f} s: {'met' if plan <= GOAL_SECONDS else 'NOT met'}")


if __name__ == "__main__":
    main()
