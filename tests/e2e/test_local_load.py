"""The official dandi client's flows at volume on `dandi-stack up`: 20 dandisets in a row, 50 files each
uploaded with `dandi upload`, then `wait_until_valid()` and `publish()` with the client's default timeouts.
Before the broker and reconcile were fixed, the queue grew faster than the worker drained it and publish came
too early; here every publish must succeed and the backlog must be gone at the end."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.e2e.localenv import Env, wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(1500)]

DANDISETS = 20
FILES = 50
METADATA = {
    "description": "Uploaded and published by the load test",
    "license": ["spdx:CC-BY-4.0"],
    "contributor": [
        {
            "schemaKey": "Person",
            "name": "Lovelace, Ada",
            "email": "ada@example.org",
            "roleName": ["dcite:ContactPerson"],
            "includeInCitation": True,
        }
    ],
}


def backlog(env: Env) -> int:
    """Messages in the broker's queues plus ledger rows still queued or running."""
    import psycopg
    import redis

    facts = json.loads((env.state_dir / "runtime.json").read_text())
    broker = redis.Redis(unix_socket_path=str(env.state_dir / "broker.sock"))
    waiting = sum(broker.llen(queue) for queue in ("celery", "calculate_sha256"))
    with psycopg.connect(facts["database_url"].replace("postgres://", "postgresql://", 1)) as db:
        (active,) = db.execute(
            "SELECT count(*) FROM archive_backgroundtask WHERE state IN ('queued', 'running')"
        ).fetchone()
    return waiting + int(active)


def test_twenty_dandisets_of_fifty_files_upload_validate_and_publish(local_env: Env, tmp_path: Path) -> None:
    from dandi.dandiapi import DandiAPIClient

    client = DandiAPIClient(local_env.api_url, token=local_env.token)
    published = []
    for index in range(DANDISETS):
        name = f"Load {index}"
        identifier = local_env.api("POST", "/dandisets/", {"name": name, "metadata": {"name": name, **METADATA}})[
            "identifier"
        ]
        folder = tmp_path / identifier
        for number in range(FILES):
            path = folder / f"sub-{number % 5}" / f"file{number:03d}.bin"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(os.urandom(512 + number))
        (folder / "dandiset.yaml").write_text(f"identifier: '{identifier}'\n")
        uploaded = local_env.dandi(
            "upload", "-i", local_env.api_url, "--allow-any-path", "--validation", "skip", cwd=folder
        )
        assert uploaded.returncode == 0, uploaded.stdout + uploaded.stderr

        dandiset = client.get_dandiset(identifier, "draft")
        dandiset.wait_until_valid()
        release = dandiset.publish()
        assert release.version_id != "draft"
        assert sum(1 for _ in release.get_assets()) == FILES
        published.append(release.version_id)

    assert len(published) == DANDISETS
    wait_for(lambda: backlog(local_env) == 0, timeout=30, env=local_env)
