#!/usr/bin/env python
"""schemathesis over the live app's /api/schema/ with more examples than the test suite runs.

Starts moto's S3 server, a fresh PostgreSQL database and the live app (gunicorn + Celery worker), then
runs two passes of `st run --checks not_a_server_error`: realistic ids (a seeded dandiset, version and
asset) without DELETE, and generated ids over every operation. Prints each pass's summary; exits non-zero
if any pass found a failure.

    .venv/bin/python bench/schemathesis_api.py [--max-examples 100]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support import fuzz, services


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=100)
    args = parser.parse_args()
    failed = False
    with (
        tempfile.TemporaryDirectory() as tmp,
        services.moto_s3_process() as endpoint,
        services.temporary_database(prefix="dandi_bench") as database_url,
        services.live_app(database_url=database_url, s3_endpoint=endpoint, log_dir=Path(tmp)) as app,
    ):
        token = app.create_token("fuzzer", admin=True)
        for name, code, output in fuzz.run_schemathesis(
            app, token, max_examples=args.max_examples, workdir=Path(tmp)
        ):
            summary = output[output.find("=== SUMMARY ===") - 40 :] if "SUMMARY" in output else output[-4000:]
            print(f"### pass: {name} (exit code {code})\n{summary.strip()}\n")
            failed |= code != 0
    print("RESULT:", "schemathesis found a failure" if failed else "no server error in any pass")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
