"""The official dandi client's flows at volume on `dandi-stack up`: 20 dandisets in a row, 50 files each
uploaded with `dandi upload`, then `wait_until_valid()` and `publish()` with the client's default timeouts.
Before the broker and reconcile were fixed, the queue grew faster than the worker drained it and publish came
too early; here every publish must succeed and the backlog must be gone at the end."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support.localenv import Backlog, Env, make_publishable_dandiset, wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(1500)]

DANDISETS = 20
FILES = 50


def test_twenty_dandisets_of_fifty_files_upload_validate_and_publish(local_env: Env, tmp_path: Path) -> None:
    from dandi.dandiapi import DandiAPIClient

    client = DandiAPIClient(local_env.api_url, token=local_env.token)
    published = []
    for index in range(DANDISETS):
        identifier, folder = make_publishable_dandiset(local_env, tmp_path, f"Load {index}")
        for number in range(FILES):
            path = folder / f"sub-{number % 5}" / f"file{number:03d}.bin"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(os.urandom(512 + number))
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
    backlog = Backlog(local_env)
    try:
        wait_for(lambda: backlog.size() == 0, timeout=30, env=local_env)
    finally:
        backlog.close()
