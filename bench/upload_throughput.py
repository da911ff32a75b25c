#!/usr/bin/env python
"""`dandi upload` of a 256 MiB file to the live app vs a raw boto3 multipart upload of the same file to the
same S3 (goal: throughput ratio >= 0.6).

Starts moto's S3 server (own process), a fresh PostgreSQL database and the live app (gunicorn + Celery
worker, as the Procfile runs them). Each round writes fresh random bytes (so the client cannot take the
409 dedupe path), then times boto3's upload_file with the client's part size and thread count (64 MiB
parts, 5 threads) and no per-part checksums (the client sends none, and S3 then computes a full-object
CRC64NVME at complete, about 1 s of moto's time for 256 MiB: both sides must ask S3 for the same work) and
the official client's `dandi upload` (a subprocess: start-up, dandi-etag digest,
initialize, part PUTs, complete, validate, asset creation). Prints medians and the ratio raw time / dandi
time, then splits the dandi time into what the client spends alone (start-up, local dandi-etag), what the
app spends answering the client's API calls (gunicorn's access log, microseconds per request) and the rest:
the part PUTs and the complete, which go straight to S3 as in the boto3 upload.

    .venv/bin/python bench/upload_throughput.py [--size-mib 256] [--rounds 3] [--verbose]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support import services

DANDI = str(Path(sys.executable).with_name("dandi"))
ACCESS_LOG_FORMAT = "%(m)s %(U)s %(s)s %(D)s"
VERBOSE = False  # --verbose: print each API request the app answered, with its microseconds
PART_SIZE = 64 * 2**20  # dandischema's dandi-etag part size for a file this small


@dataclass
class Timings:
    raw: list[float] = field(default_factory=list)
    dandi: list[float] = field(default_factory=list)
    startup: list[float] = field(default_factory=list)
    digest: list[float] = field(default_factory=list)
    server: list[float] = field(default_factory=list)
    requests: list[int] = field(default_factory=list)


def write_random(path: Path, size: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        for _ in range(size // 2**20):
            fh.write(os.urandom(2**20))


def server_seconds(access_log: Path, offset: int) -> tuple[float, int]:
    """Seconds the app spent on the requests logged after byte `offset`, and how many requests there were."""
    with access_log.open() as fh:
        fh.seek(offset)
        lines = fh.read().splitlines()
    micros = [int(line.rsplit(" ", 1)[1]) for line in lines]
    if VERBOSE:
        print("\n".join(lines))
    return sum(micros) / 1e6, len(micros)


@dataclass
class Uploads:
    """The two uploads under comparison, against the same S3 and the same live app."""

    app: services.LiveApp
    s3: Any
    env: dict[str, str]
    access_log: Path
    timings: Timings = field(default_factory=Timings)

    def raw(self, path: Path, key: str) -> None:
        from boto3.s3.transfer import TransferConfig

        transfer = TransferConfig(
            multipart_threshold=PART_SIZE, multipart_chunksize=PART_SIZE, max_concurrency=5
        )
        start = time.perf_counter()
        self.s3.upload_file(str(path), services.BUCKET, key, Config=transfer)
        self.timings.raw.append(time.perf_counter() - start)

    def dandi(self, folder: Path) -> subprocess.CompletedProcess:
        offset = self.access_log.stat().st_size
        start = time.perf_counter()
        result = subprocess.run(
            [DANDI, "upload", "-i", self.app.url],
            cwd=folder,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        self.timings.dandi.append(time.perf_counter() - start)
        time.sleep(0.2)  # gunicorn writes the access line after the response is sent
        server, count = server_seconds(self.access_log, offset)
        self.timings.server.append(server)
        self.timings.requests.append(count)
        return result

    def client_costs(self, folder: Path, path: Path) -> None:
        """What the client spends whatever the server and S3 do: the same `dandi upload` once the asset is
        there (start-up, imports, scan, digest cache, a lookup; nothing moves) and its local dandi-etag."""
        from dandischema.digests.dandietag import DandiETag

        start = time.perf_counter()
        subprocess.run(
            [DANDI, "upload", "-i", self.app.url],
            cwd=folder,
            env=self.env,
            capture_output=True,
            timeout=120,
            check=True,
        )
        self.timings.startup.append(time.perf_counter() - start)
        start = time.perf_counter()
        DandiETag.from_file(path)
        self.timings.digest.append(time.perf_counter() - start)


def run_rounds(
    app: services.LiveApp, endpoint: str, work: Path, access_log: Path, size: int, rounds: int
) -> Timings:
    from botocore.config import Config
    from dandi.dandiapi import DandiAPIClient

    token = app.create_token("bench", admin=True)
    s3 = services.s3_client(endpoint, config=Config(request_checksum_calculation="when_required"))
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
    env[app.api_key_env_var] = token
    uploads = Uploads(app=app, s3=s3, env=env, access_log=access_log)
    client = DandiAPIClient(app.api_url, token=token)
    for round_no in range(rounds):
        dandiset = client.create_dandiset(f"bench {round_no}", {})
        folder = work / f"round{round_no}"
        folder.mkdir()
        (folder / "dandiset.yaml").write_text(f"identifier: '{dandiset.identifier}'\n")
        video = folder / "sub-bench" / "sub-bench_video.mp4"
        write_random(video, size)
        raw_key = f"bench/raw-{round_no}"
        # Alternate which goes first: moto slows as it allocates, and neither side should always pay that.
        if round_no % 2:
            result = uploads.dandi(folder)
            uploads.raw(video, raw_key)
        else:
            uploads.raw(video, raw_key)
            result = uploads.dandi(folder)
        uploads.client_costs(folder, video)
        assets = list(dandiset.for_version("draft").get_assets())
        if result.returncode != 0 or [a.size for a in assets] != [size]:
            raise SystemExit(
                f"FAILED: dandi upload did not create the asset:\n{result.stdout}\n{result.stderr}"
            )
        # Keep moto's memory the same for every round: drop both copies once they are measured.
        blob = assets[0].blob
        s3.delete_object(Bucket=services.BUCKET, Key=raw_key)
        s3.delete_object(Bucket=services.BUCKET, Key=f"blobs/{blob[0:3]}/{blob[3:6]}/{blob}")
    return uploads.timings


def report(t: Timings, size: int) -> None:
    mib = size / 2**20
    med = statistics.median
    raw, dandi = med(t.raw), med(t.dandi)
    rounds = ", ".join(f"{r:.2f}/{d:.2f}" for r, d in zip(t.raw, t.dandi, strict=True))
    print(f"file: {mib:.0f} MiB x {len(t.raw)} rounds (medians); boto3/dandi seconds per round: {rounds}")
    print(f"boto3 multipart upload (64 MiB parts, 5 threads): {raw:7.3f} s  {mib / raw:7.1f} MiB/s")
    print(f"dandi upload (whole command, incl. digest):       {dandi:7.3f} s  {mib / dandi:7.1f} MiB/s")
    ratio = raw / dandi
    print(f"ratio dandi/boto3 throughput: {ratio:.2f} (goal >= 0.6) {'OK' if ratio >= 0.6 else 'BELOW GOAL'}")
    startup, digest, server = med(t.startup), med(t.digest), med(t.server)
    rest = dandi - startup - digest - server
    print("where the dandi upload's time goes:")
    print(f"  client start-up to nothing-to-do (re-run):  {startup:7.3f} s")
    print(f"  client's local dandi-etag of the file:      {digest:7.3f} s")
    print(
        f"  the app answering {med(t.requests):.0f} API requests:      {server:7.3f} s  "
        f"({server / dandi:.1%} of the upload)"
    )
    print(
        f"  the rest: part PUTs + complete to S3, etc.: {rest:7.3f} s  (boto3 took {raw:.3f} s for the same)"
    )
    ceiling = raw / (raw + startup + digest)
    print(f"ratio if the app answered instantly and the S3 part equalled boto3's: {ceiling:.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=256)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--verbose", action="store_true", help="print each API request and its duration")
    args = parser.parse_args()
    global VERBOSE
    VERBOSE = args.verbose
    size = args.size_mib * 2**20

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        access_log = work / "access.log"
        access_log.touch()
        web_args = ["--access-logfile", str(access_log), "--access-logformat", ACCESS_LOG_FORMAT]
        with (
            services.moto_s3_process() as endpoint,
            services.temporary_database(prefix="dandi_bench") as database_url,
            services.live_app(
                database_url=database_url, s3_endpoint=endpoint, log_dir=work, web_args=web_args
            ) as app,
        ):
            timings = run_rounds(app, endpoint, work, access_log, size, args.rounds)
    report(timings, size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
