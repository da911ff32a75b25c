"""End to end: `dandi-stack up` -> the official dandi client uploads and downloads -> `dandi-stack down`."""

from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest

from stacks.environments import CODE_ROOT
from stacks.local.ports import is_free
from stacks.local.processes import owned
from stacks.local.state import StateDir
from tests.support.localenv import Env, free_ports, make_dandiset, port_args, run_cli, start

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]


def _tree_pids(pid: int) -> set[int]:
    try:
        proc = psutil.Process(pid)
        return {pid, *(c.pid for c in proc.children(recursive=True))}
    except psutil.NoSuchProcess:
        return set()


def _http(url: str, method: str = "GET", headers: dict[str, str] | None = None) -> tuple[int, dict, bytes]:
    """Status, headers (lower-cased names) and body of one request."""
    request = urllib.request.Request(url, method=method, headers=headers or {})  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback URL we built
            status, reply, body = response.status, response.headers, response.read()
    except urllib.error.HTTPError as err:
        status, reply, body = err.code, err.headers, err.read()
    return status, {k.lower(): v for k, v in reply.items()}, body


def _assert_ui_served(env: Env) -> None:
    """The UI page, its config.json naming this API, SPA deep links, and CORS from its origins to the API."""
    dist = CODE_ROOT / "web" / "dist"
    assert f"Web UI         {env.ui_url}" in env.up_output
    status, headers, body = _http(env.ui_url + "/")
    assert (status, body) == (200, (dist / "index.html").read_bytes())
    assert headers["content-type"].startswith("text/html")
    status, headers, body = _http(env.ui_url + "/config.json")
    assert status == 200
    assert json.loads(body) == {"apiUrl": env.api_url}
    assert headers["cache-control"] == "no-store"
    assert not (dist / "config.json").exists()
    for link in ("/dandisets/000001", "/dandiset/000001", "/dandisets?search=x"):
        assert _http(env.ui_url + link)[2] == (dist / "index.html").read_bytes(), link
    assert _http(env.ui_url + "/assets/no-such-build.js")[0] == 404
    info = json.loads(_http(env.api_url.removesuffix("/api") + "/server-info")[2])
    assert info["services"]["webui"]["url"] == env.ui_url
    for origin in (env.ui_url, f"http://localhost:{env.ports.ui}"):
        preflight = {
            "Origin": origin,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization",
        }
        status, headers, _ = _http(env.api_url + "/dandisets/", "OPTIONS", preflight)
        assert status == 200
        assert headers.get("access-control-allow-origin") == origin
        assert "authorization" in headers.get("access-control-allow-headers", "").lower()
        status, headers, _ = _http(env.api_url + "/dandisets/", headers={"Origin": origin})
        assert (status, headers.get("access-control-allow-origin")) == (200, origin)
    stranger = _http(env.api_url + "/dandisets/", headers={"Origin": "http://127.0.0.1:1"})[1]
    assert "access-control-allow-origin" not in stranger


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_up_upload_download_down_leaves_nothing(tmp_path: Path, state_dir: Path) -> None:
    from dandi.support.digests import get_dandietag

    env = start(state_dir)
    assert env.key_var in env.up_output  # the exact variable the client reads is printed
    assert f"DANDI_INSTANCE={env.api_url}" in env.up_output

    again = env.cli("up", *port_args(env.ports))
    assert again.returncode == 0
    assert "already running" in again.stdout

    status = env.cli("status")
    assert status.returncode == 0, status.stdout
    assert re.search(r"^  ui +RUNNING", status.stdout, re.M), status.stdout
    assert re.search(rf"^  ui +ok +{re.escape(env.ui_url)} ", status.stdout, re.M), status.stdout
    assert re.search(r"^  broker +RUNNING", status.stdout, re.M), status.stdout
    assert re.search(r"^  broker +ok +redis\+socket://\S+/broker\.sock", status.stdout, re.M), status.stdout
    _assert_ui_served(env)
    supervisor_pid = int((state_dir / "supervisord.pid").read_text())
    pids = _tree_pids(supervisor_pid)
    assert len(pids) > 6  # supervisord, postgres (+ its backends), moto, gunicorn, two celery workers

    identifier, dandiset_dir = make_dandiset(env, tmp_path / "upload", "e2e")
    payload = os.urandom(3 * 1024 * 1024 + 17)
    (dandiset_dir / "data.bin").write_bytes(payload)
    uploaded = env.dandi(
        "upload", "-i", env.api_url, "--allow-any-path", "--validation", "skip", cwd=dandiset_dir
    )
    assert uploaded.returncode == 0, uploaded.stdout + uploaded.stderr

    assets = env.api("GET", f"/dandisets/{identifier}/versions/draft/assets/")["results"]
    assert [a["path"] for a in assets] == ["data.bin"]
    metadata = env.api("GET", f"/assets/{assets[0]['asset_id']}/")
    local_etag = get_dandietag(dandiset_dir / "data.bin").as_str()
    assert metadata["digest"]["dandi:dandi-etag"] == local_etag

    out = tmp_path / "download"
    out.mkdir()
    downloaded = env.dandi(
        "download", "-o", str(out), f"{env.api_url}/dandisets/{identifier}/versions/draft/", cwd=out
    )
    assert downloaded.returncode == 0, downloaded.stdout + downloaded.stderr
    copy = out / identifier / "data.bin"
    assert copy.read_bytes() == payload
    assert get_dandietag(copy).as_str() == local_etag

    stopped = env.cli("down")
    assert stopped.returncode == 0, stopped.stderr
    assert "removed its state directory" in stopped.stdout
    assert not state_dir.exists()
    assert [pid for pid in pids if _alive(pid)] == []
    assert owned(StateDir(state_dir.resolve())) == []
    listening = {c.laddr.port for c in psutil.net_connections("tcp") if c.status == psutil.CONN_LISTEN}
    assert env.ports.ui not in listening, f"the UI port {env.ports.ui} still listened on after down"
    for role, port in env.ports.as_dict().items():
        assert port not in listening, f"{role} port {port} still listened on after down"
        assert is_free(port), f"{role} port {port} cannot be bound again after down"


def test_up_reports_taken_port_in_one_line(tmp_path: Path, state_dir: Path) -> None:
    import socket

    ports = free_ports()
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", ports.s3))
        blocker.listen()
        result = run_cli("up", "--state-dir", str(state_dir), *port_args(ports))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"error: port {ports.s3} (s3) is already in use on 127.0.0.1; pick another with --s3-port PORT"
    ]
    assert not (state_dir / "supervisord.pid").exists()


def test_down_keep_keeps_database_and_objects_for_the_next_up(tmp_path: Path, state_dir: Path) -> None:
    env = start(state_dir)
    identifier, directory = make_dandiset(env, tmp_path / "upload", "kept")
    payload = os.urandom(1024 * 1024 + 3)
    (directory / "kept.bin").write_bytes(payload)
    uploaded = env.dandi(
        "upload", "-i", env.api_url, "--allow-any-path", "--validation", "skip", cwd=directory
    )
    assert uploaded.returncode == 0, uploaded.stdout + uploaded.stderr

    stopped = env.cli("down", "--keep")
    assert stopped.returncode == 0
    assert "kept its state directory" in stopped.stdout
    assert re.search(r"and \d+ stored object\(s\)", stopped.stdout), stopped.stdout
    assert (state_dir / "pgdata" / "PG_VERSION").exists()
    assert owned(StateDir(state_dir.resolve())) == []

    again = start(state_dir)
    listed = again.api("GET", "/dandisets/")["results"]
    assert [(d["identifier"], d["draft_version"]["name"]) for d in listed] == [(identifier, "kept")]
    out = tmp_path / "download"
    out.mkdir()
    downloaded = again.dandi(
        "download", "-o", str(out), f"{again.api_url}/dandisets/{identifier}/versions/draft/", cwd=out
    )
    assert downloaded.returncode == 0, downloaded.stdout + downloaded.stderr
    assert (out / identifier / "kept.bin").read_bytes() == payload


def test_up_with_an_existing_database_runs_no_postgres_of_its_own(state_dir: Path) -> None:
    import subprocess
    import uuid

    from stacks.local.postgres import bin_dir

    server = "postgres://postgres@127.0.0.1:5432"
    if subprocess.run([str(bin_dir() / "pg_isready"), "-d", f"{server}/postgres"], check=False).returncode != 0:
        pytest.skip("no PostgreSQL server on 127.0.0.1:5432 to stand in for an existing database")
    name = f"dandi_local_{uuid.uuid4().hex[:12]}"
    psql = [str(bin_dir() / "psql"), "-X", "-d", f"{server}/postgres", "-c"]
    subprocess.run([*psql, f'create database "{name}"'], check=True, capture_output=True)
    try:
        ports = free_ports()
        result = run_cli("up", "--state-dir", str(state_dir), *port_args(ports), "--database-url", f"{server}/{name}")
        assert result.returncode == 0, result.stdout + result.stderr
        assert f"Database       {server}/{name}" in result.stdout
        assert not (state_dir / "pgdata").exists()
        status = run_cli("status", "--state-dir", str(state_dir))
        assert status.returncode == 0, status.stdout
        assert "postgres " not in status.stdout.split("CHECK")[0]  # no bundled server among the processes
        assert run_cli("down", "--state-dir", str(state_dir)).returncode == 0
    finally:
        subprocess.run([*psql, f'drop database if exists "{name}" with (force)'], check=False, capture_output=True)
