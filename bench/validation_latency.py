#!/usr/bin/env python
"""How soon validation settles after the official client's last upload, on a real `dandi-stack up`
(goal: draft Valid within 2 s of the last upload at p95, and the queue empty within 5 s).

Two loads, each with `dandi upload` (the official client, as a subprocess, --allow-any-path under
DANDI_DEVEL=1, --validation skip) of small random files:
- one dandiset of --files files (default 500);
- --dandisets dandisets (default 50) of --per-dandiset files (default 5), one after the other.
From the moment each upload returns, the database is read every 50 ms until every asset of the draft is
validated and until the draft is Valid (what `wait_until_valid()` waits for), and the broker's queues and the
task ledger until nothing is queued or running. Prints p50, p95 and max
seconds per load and for all samples together.

    .venv/bin/python bench/validation_latency.py [--files 500] [--dandisets 50] [--per-dandiset 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.localenv import Backlog, Env, make_publishable_dandiset, run_cli, start

POLL = 0.05
TIMEOUT = 300.0
GOAL_DRAFT_P95 = 2.0
GOAL_QUEUE_EMPTY = 5.0


@dataclass
class Samples:
    assets: list[float] = field(default_factory=list)
    draft: list[float] = field(default_factory=list)
    queue: list[float] = field(default_factory=list)
    upload: list[float] = field(default_factory=list)


class DraftProbe:
    """The draft's own state, read straight from the database the environment runs on."""

    def __init__(self, backlog: Backlog) -> None:
        self.db = backlog.db

    def draft(self, dandiset: int, files: int) -> tuple[bool, str]:
        """(all `files` assets of the draft validated, the draft's status)."""
        (status,) = self.db.execute(
            "SELECT status FROM archive_version WHERE dandiset_id = %s AND version = 'draft'", [dandiset]
        ).fetchone()
        total, unsettled = self.db.execute(
            "SELECT count(*), count(*) FILTER (WHERE a.status IN ('Pending', 'Validating')) "
            "FROM archive_asset a JOIN archive_version_assets va ON va.asset_id = a.id "
            "JOIN archive_version v ON v.id = va.version_id WHERE v.dandiset_id = %s AND v.version = 'draft'",
            [dandiset],
        ).fetchone()
        return total == files and unsettled == 0, str(status)


def settle(identifier: str, files: int, backlog: Backlog, samples: Samples) -> None:
    """Seconds from now until the draft's assets are validated, the draft is Valid and the backlog empty,
    each read straight from the database and the broker (the API's info page takes longer to build than
    the steps it would time); a time is taken after the check that saw the state, so it is an upper bound."""
    start = time.monotonic()
    assets_at = draft_at = queue_at = None
    status = ""
    while time.monotonic() - start < TIMEOUT and None in (assets_at, draft_at, queue_at):
        settled, status = DraftProbe(backlog).draft(int(identifier), files)
        if assets_at is None and settled:
            assets_at = time.monotonic() - start
        if draft_at is None and settled and status == "Valid":
            draft_at = time.monotonic() - start
        if queue_at is None and backlog.size() == 0:
            queue_at = time.monotonic() - start
        time.sleep(POLL)
    if assets_at is None or draft_at is None or queue_at is None:
        sys.exit(
            f"dandiset {identifier} did not settle in {TIMEOUT:.0f} s: {status}, {backlog.size()} queued"
        )
    samples.assets.append(assets_at)
    samples.draft.append(draft_at)
    samples.queue.append(queue_at)


def upload(env: Env, root: Path, name: str, files: int, samples: Samples) -> str:
    identifier, folder = make_publishable_dandiset(env, root, name)
    for index in range(files):
        path = folder / f"sub-{index % 10:02d}" / f"file{index:04d}.bin"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(os.urandom(1024 + index))
    started = time.monotonic()
    done = env.dandi(
        "upload", "-i", env.api_url, "--allow-any-path", "--validation", "skip", cwd=folder, timeout=1800
    )
    samples.upload.append(time.monotonic() - started)
    if done.returncode != 0:
        sys.exit(f"dandi upload failed:\n{done.stdout}\n{done.stderr}")
    return identifier


def describe(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered):5.2f}  p95 {p95:5.2f}  max {ordered[-1]:5.2f}"


def report(title: str, samples: Samples) -> None:
    print(f"{title} ({len(samples.draft)} sample(s); upload took {describe(samples.upload)} s)")
    print(f"  last upload -> assets validated  {describe(samples.assets)} s")
    print(f"  last upload -> draft Valid       {describe(samples.draft)} s")
    print(f"  last upload -> queue empty       {describe(samples.queue)} s")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--dandisets", type=int, default=50)
    parser.add_argument("--per-dandiset", type=int, default=5)
    args = parser.parse_args()
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-validation-") as tmp:
        state = Path(tmp) / "state"
        env = start(state)
        try:
            backlog = Backlog(env)
            big = Samples()
            identifier = upload(env, Path(tmp) / "big", "one big dandiset", args.files, big)
            settle(identifier, args.files, backlog, big)
            many = Samples()
            for index in range(args.dandisets):
                identifier = upload(env, Path(tmp) / "many", f"small {index}", args.per_dandiset, many)
                settle(identifier, args.per_dandiset, backlog, many)
            backlog.close()
        finally:
            run_cli("down", "--state-dir", str(state))
    print(f"1-min load average before: {load:.2f} on {os.cpu_count()} CPUs")
    report(f"1 dandiset x {args.files} files", big)
    report(f"{args.dandisets} dandisets x {args.per_dandiset} files", many)
    together = Samples(
        big.assets + many.assets, big.draft + many.draft, big.queue + many.queue, big.upload + many.upload
    )
    report("all samples", together)
    p95 = sorted(together.draft)[min(len(together.draft) - 1, round(0.95 * (len(together.draft) - 1)))]
    verdict = "met" if p95 <= GOAL_DRAFT_P95 else "NOT met"
    print(f"goal: draft Valid p95 <= {GOAL_DRAFT_P95:.0f} s -> {p95:.2f} s ({verdict})")
    worst = max(together.queue)
    print(
        f"goal: queue empty <= {GOAL_QUEUE_EMPTY:.0f} s -> max {worst:.2f} s "
        f"({'met' if worst <= GOAL_QUEUE_EMPTY else 'NOT met'})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
