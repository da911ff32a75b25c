"""Run schemathesis over the live app's /api/schema/: realistic ids first (so deep routes are reached), then
generated ids over every operation. Shared by the test and bench/schemathesis_api.py."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import requests

if TYPE_CHECKING:
    from tests.support.services import LiveApp

ST = str(Path(sys.executable).with_name("st"))


def seed_data(live: LiveApp, token: str) -> dict[str, str]:
    """A dandiset with one uploaded asset, through the same upload protocol the client uses."""
    headers = {"Authorization": f"token {token}"}
    api = live.api_url
    ident = requests.post(
        f"{api}/dandisets/", json={"name": "fuzz target", "metadata": {}}, headers=headers, timeout=30
    ).json()["identifier"]
    data = b"schemathesis seed data\n" * 100
    md5 = hashlib.md5(data).digest()  # noqa: S324 - the dandi-etag is defined over md5
    etag = f"{hashlib.md5(md5).hexdigest()}-1"  # noqa: S324
    init = requests.post(
        f"{api}/uploads/initialize/",
        headers=headers,
        timeout=30,
        json={
            "contentSize": len(data),
            "dandiset": ident,
            "digest": {"algorithm": "dandi:dandi-etag", "value": etag},
        },
    ).json()
    put = requests.put(init["parts"][0]["upload_url"], data=data, timeout=30)
    done = requests.post(
        f"{api}/uploads/{init['upload_id']}/complete/",
        headers=headers,
        timeout=30,
        json={"parts": [{"part_number": 1, "size": len(data), "etag": put.headers["ETag"]}]},
    ).json()
    requests.post(done["complete_url"], data=done["body"], timeout=30).raise_for_status()
    blob_id = requests.post(
        f"{api}/uploads/{init['upload_id']}/validate/", headers=headers, timeout=30
    ).json()["blob_id"]
    asset_id = requests.post(
        f"{api}/dandisets/{ident}/versions/draft/assets/",
        headers=headers,
        timeout=30,
        json={"metadata": {"path": "data/seed.txt"}, "blob_id": blob_id},
    ).json()["asset_id"]
    return {"dandiset_id": ident, "version": "draft", "asset_id": asset_id}


def run_schemathesis(
    live: LiveApp, token: str, *, max_examples: int, workdir: Path
) -> list[tuple[str, int, str]]:
    """Returns (pass name, exit code, output) per pass; exit code 0 means no check failed."""
    ids = seed_data(live, token)
    config = workdir / "schemathesis.toml"
    config.write_text("[parameters]\n" + "".join(f'"path.{k}" = "{v}"\n' for k, v in ids.items()))
    base = [
        ST,
        "run",
        f"{live.api_url}/schema/",
        "--checks",
        "not_a_server_error",
        "--max-examples",
        str(max_examples),
        "--header",
        f"Authorization: token {token}",
        "--workers",
        "1",
        "--seed",
        "1",
        "--phases",
        "examples,coverage,fuzzing,stateful",
        # POST /api/auth/token/ replaces the very key the fuzzer authenticates with.
        "--exclude-path-regex",
        "auth/token",
    ]
    passes = [
        (
            "realistic ids, no DELETE",
            [ST, "--config-file", str(config), *base[1:], "--exclude-method", "DELETE"],
        ),
        ("generated ids, all operations", base),
    ]
    results = []
    for name, argv in passes:
        proc = subprocess.run(argv, cwd=workdir, capture_output=True, text=True, timeout=900, check=False)
        results.append((name, proc.returncode, proc.stdout + proc.stderr))
    return results
