#!/usr/bin/env python
"""`dandi upload` of a 256 MiB file to the live app vs a raw boto3 multipart upload of the same file to the
same S3 (goal: throughput ratio >= 0.6).

Starts moto's S3 server (own process), a fresh PostgreSQL database and the live app (gunicorn + Celery
worker, as the Procfile runs them). Each round writes fresh random bytes (so the client cannot take the
409 dedupe path), then times boto3's upload_file with the client's part size and thread count (64 MiB
parts, 5 threads) and the official client's `dandi upload` (a subprocess: start-up, dandi-etag digest,
initialize, part PUTs, complete, validate, asset creation). Prints medians and the ratio raw time / dandi
time.

    .venv/bin/python bench/upload_throughput.py [--size-mib 256] [--rounds 2]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.app import services

DANDI = str(Path(sys.executable).with_name("dandi"))


def write_random(path: Path, size: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        for _ in range(size // 2**20):
            fh.write(os.urandom(2**20))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=256)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    size = args.size_mib * 2**20

    import boto3
    from boto3.s3.transfer import TransferConfig
    from dandi.dandiapi import DandiAPIClient

    raw_times, dandi_times, startup_times, digest_times = [], [], [], []
    with (
        tempfile.TemporaryDirectory() as tmp,
        services.moto_s3_process() as endpoint,
        services.temporary_database(prefix="dandi_bench") as database_url,
        services.live_app(database_url=database_url, s3_endpoint=endpoint, log_dir=Path(tmp)) as app,
    ):
        token = app.create_token("bench", admin=True)
        s3 = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",  # noqa: S106 - moto accepts any key
        )
        transfer = TransferConfig(
            multipart_threshold=64 * 2**20, multipart_chunksize=64 * 2**20, max_concurrency=5
        )
        client = DandiAPIClient(app.api_url, token=token)
        env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
        env[app.api_key_env_var] = token
        for round_no in range(args.rounds):
            dandiset = client.create_dandiset(f"bench {round_no}", {})
            folder = Path(tmp) / f"round{round_no}"
            folder.mkdir()
            (folder / "dandiset.yaml").write_text(f"identifier: '{dandiset.identifier}'\n")
            video = folder / "sub-bench" / "sub-bench_video.mp4"
            write_random(video, size)

            start = time.perf_counter()
            s3.upload_file(str(video), services.BUCKET, f"bench/raw-{round_no}", Config=transfer)
            raw_times.append(time.perf_counter() - start)

            # What the client spends before any byte moves: interpreter + imports, and its local dandi-etag.
            start = time.perf_counter()
            subprocess.run([DANDI, "upload", "--help"], capture_output=True, timeout=120, check=True)
            startup_times.append(time.perf_counter() - start)
            from dandischema.digests.dandietag import DandiETag

            start = time.perf_counter()
            DandiETag.from_file(video)
            digest_times.append(time.perf_counter() - start)

            start = time.perf_counter()
            result = subprocess.run(
                [DANDI, "upload", "-i", app.url],
                cwd=folder,
                env=env,
                capture_output=True,
                text=True,
                timeout=900,
                check=False,
            )
            dandi_times.append(time.perf_counter() - start)
            assets = list(dandiset.for_version("draft").get_assets())
            if result.returncode != 0 or [a.size for a in assets] != [size]:
                print(f"FAILED: dandi upload did not create the asset:\n{result.stdout}\n{result.stderr}")
                return 1
    mib = size / 2**20
    raw, dandi = statistics.median(raw_times), statistics.median(dandi_times)
    print(f"file: {mib:.0f} MiB x {args.rounds} rounds (medians); rounds raw={raw_times} dandi={dandi_times}")
    print(f"boto3 multipart upload (64 MiB parts, 5 threads): {raw:7.3f} s  {mib / raw:7.1f} MiB/s")
    print(f"dandi upload (whole command, incl. digest):       {dandi:7.3f} s  {mib / dandi:7.1f} MiB/s")
    ratio = raw / dandi
    print(f"ratio dandi/boto3 throughput: {ratio:.2f} (goal >= 0.6) {'OK' if ratio >= 0.6 else 'BELOW GOAL'}")
    startup, digest = statistics.median(startup_times), statistics.median(digest_times)
    transfer_only = dandi - startup - digest
    print(
        f"  of which client start-up {startup:.3f} s and local dandi-etag {digest:.3f} s (client-side costs);"
    )
    print(
        f"  the rest (API calls + part PUTs + S3 complete + asset) {transfer_only:.3f} s: "
        f"ratio {raw / transfer_only:.2f} against boto3"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
