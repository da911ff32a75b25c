#!/usr/bin/env python
"""Worker sha256 throughput vs hashlib.sha256 on the same bytes (goal: ratio >= 0.8).

Starts moto's S3 server (own process), a fresh PostgreSQL database and a real Celery checksum worker on
kombu's SQLAlchemy broker (as the local environment runs it), stores a blob of --size-mib random bytes in
S3 and, per round, queues calculate_sha256 and reads the task's own run time from the worker log. In the
same round it times hashlib.sha256 over the same bytes in memory and a plain boto3 read of the object (no
hashing) from the same S3 server: the ceiling any S3-reading worker has. Last, it feeds the task's own
stream hasher (archive.streaming.sha256_of_stream) from a loopback socket that another process serves with
sendfile, no S3 in the way: what the worker's code does when bytes arrive faster than it hashes. Prints
medians and the ratios.

    .venv/bin/python bench/sha256_worker.py [--size-mib 256] [--rounds 3]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support import services

sys.path.insert(0, str(services.APP_DIR))

from archive.streaming import sha256_of_stream

BLOB_ID = "0a1b2c3d-0000-4000-8000-000000000001"
# Serves the file named by argv[1] to every connection, then closes it: a byte source faster than hashing.
SENDFILE_SERVER = """
import socket, sys
server = socket.create_server(("127.0.0.1", 0))
print(server.getsockname()[1], flush=True)
while True:
    conn, _ = server.accept()
    with conn, open(sys.argv[1], "rb") as fh:
        conn.sendfile(fh)
"""
KEY = f"blobs/{BLOB_ID[0:3]}/{BLOB_ID[3:6]}/{BLOB_ID}"


def time_raw_read(s3: object, size: int) -> float:
    buf = memoryview(bytearray(8 * 2**20))
    start = time.perf_counter()
    body = s3.get_object(Bucket=services.BUCKET, Key=KEY)["Body"]  # type: ignore[attr-defined]
    total = 0
    while got := body.readinto(buf):
        total += got
    assert total == size
    return time.perf_counter() - start


class SocketBody:
    """The two methods sha256_of_stream uses of a botocore StreamingBody, over a plain socket."""

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port))

    def readinto(self, buffer: memoryview) -> int:
        return self.sock.recv_into(buffer)

    def close(self) -> None:
        self.sock.close()


def time_pipeline(path: Path, rounds: int, expected: str) -> list[float]:
    server = subprocess.Popen(
        [sys.executable, "-c", SENDFILE_SERVER, str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        port = int(server.stdout.readline())  # type: ignore[union-attr]
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            digest = sha256_of_stream(SocketBody(port))
            times.append(time.perf_counter() - start)
            if digest != expected:
                raise SystemExit(f"FAILED: stream hasher gave {digest}, expected {expected}")
        return times
    finally:
        server.kill()
        server.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=256)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    size = args.size_mib * 2**20
    data = os.urandom(size)
    expected = hashlib.sha256(data).hexdigest()

    import psycopg
    from boto3.s3.transfer import TransferConfig

    hashlib_times, raw_times, end_to_end = [], [], []
    with (
        tempfile.TemporaryDirectory() as tmp,
        services.moto_s3_process() as endpoint,
        services.temporary_database(prefix="dandi_bench") as database_url,
    ):
        env = services.app_env(
            database_url=database_url,
            s3_endpoint=endpoint,
            api_url="http://127.0.0.1:1",
            broker_url=services.sqla_broker_url(database_url),
        )
        app = services.LiveApp(url="http://127.0.0.1:1", env=env, log_dir=Path(tmp))
        app.manage("migrate", "--noinput")
        s3 = services.s3_client(endpoint)
        path = Path(tmp) / "blob.bin"
        path.write_bytes(data)
        # Uploaded as the dandi client does: 64 MiB parts.
        s3.upload_file(str(path), services.BUCKET, KEY, Config=TransferConfig(multipart_chunksize=64 * 2**20))
        app.manage(
            "shell",
            "-c",
            "from archive.models import AssetBlob; "
            f"AssetBlob.objects.create(blob_id='{BLOB_ID}', etag='0'*32+'-4', size={size})",
        )
        db = database_url.replace("postgres://", "postgresql://", 1)
        app.start_worker(name="checksum", queues="calculate_sha256", beat=False)
        try:
            time.sleep(3)  # let the worker connect before the first message is queued
            for _ in range(args.rounds):
                start = time.perf_counter()
                hashlib.sha256(data).hexdigest()
                hashlib_times.append(time.perf_counter() - start)
                raw_times.append(time_raw_read(s3, size))
                with psycopg.connect(db, autocommit=True) as conn:
                    conn.execute("UPDATE archive_assetblob SET sha256 = NULL")
                queued = time.perf_counter()
                app.manage(
                    "shell",
                    "-c",
                    "from archive.models import AssetBlob; from archive import tasks; "
                    "tasks.calculate_sha256.delay(AssetBlob.objects.get().pk)",
                )
                sha256 = None
                while sha256 is None and time.perf_counter() - queued < 600:
                    time.sleep(0.1)
                    with psycopg.connect(db) as conn:
                        sha256 = conn.execute("SELECT sha256 FROM archive_assetblob").fetchone()[0]
                end_to_end.append(time.perf_counter() - queued)
                if sha256 != expected:
                    print(f"FAILED: worker sha256 {sha256} != {expected}")
                    return 1
            log = app.log("checksum")
        finally:
            app.stop()
        pipeline_times = time_pipeline(path, args.rounds, expected)
    task_times = [float(t) for t in re.findall(r"calculate_sha256\[[^\]]+\] succeeded in ([0-9.]+)s", log)]
    if len(task_times) != args.rounds:
        print(f"FAILED: expected {args.rounds} task timings in the worker log:\n{log}")
        return 1
    mib = size / 2**20
    med = {
        name: statistics.median(times)
        for name, times in [
            ("hashlib", hashlib_times),
            ("raw", raw_times),
            ("task", task_times),
            ("e2e", end_to_end),
            ("pipeline", pipeline_times),
        ]
    }
    print(f"bytes: {size} ({mib:.0f} MiB) x {args.rounds} rounds (medians), sha256 {expected}")
    print(f"hashlib.sha256 in memory:         {med['hashlib']:7.3f} s  {mib / med['hashlib']:8.1f} MiB/s")
    print(f"boto3 read from S3, no hashing:   {med['raw']:7.3f} s  {mib / med['raw']:8.1f} MiB/s")
    print(f"worker task (S3 stream + sha256): {med['task']:7.3f} s  {mib / med['task']:8.1f} MiB/s")
    print(f"worker incl. queueing + polling:  {med['e2e']:7.3f} s  {mib / med['e2e']:8.1f} MiB/s")
    ratio = med["hashlib"] / med["task"]
    verdict = "OK" if ratio >= 0.8 else "BELOW GOAL"
    print(f"ratio worker/hashlib throughput:  {ratio:.2f} (goal >= 0.8) {verdict}")
    print(f"ratio worker/S3-read throughput:  {med['raw'] / med['task']:.2f} (1.0: hashing adds no time)")
    print(f"ceiling for any reader of this S3: {med['hashlib'] / med['raw']:.2f} (S3 read alone vs hashlib)")
    print(
        f"the task's stream hasher fed by a loopback socket (no S3): {med['pipeline']:.3f} s "
        f"{mib / med['pipeline']:.1f} MiB/s, ratio {med['hashlib'] / med['pipeline']:.2f} to hashlib"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
