"""Helpers for tests that drive a real local environment through the `dandi-stack` CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stacks.local.client import api_key_env_var
from stacks.local.ports import LocalPorts, free_port

CLI = str(Path(sys.executable).parent / "dandi-stack")
DANDI = str(Path(sys.executable).parent / "dandi")


@dataclass
class Env:
    state_dir: Path
    ports: LocalPorts
    token: str
    up_output: str

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.ports.web}/api"

    @property
    def ui_url(self) -> str:
        return f"http://127.0.0.1:{self.ports.ui}"

    @property
    def key_var(self) -> str:
        return api_key_env_var(self.api_url)

    def cli(self, *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
        return run_cli(*args, "--state-dir", str(self.state_dir), timeout=timeout)

    def api(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        request = urllib.request.Request(  # noqa: S310 - loopback http URL we built
            f"{self.api_url}{path}",
            method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback URL we built  # noqa: S310 - loopback
            return json.loads(response.read() or b"null")

    def client_env(self, key: str | None = None) -> dict[str, str]:
        """The environment the official client needs: the API key (the admin's unless another is given) under
        the name it looks up for this URL."""
        return {**os.environ, self.key_var: key or self.token, "DANDI_DEVEL": "1", "DANDI_CACHE": "ignore"}

    def dandi(
        self, *args: str, cwd: Path, timeout: float = 300, key: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [DANDI, *args],
            cwd=cwd,
            env=self.client_env(key),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )


def run_cli(*args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=timeout, check=False)


def free_ports() -> LocalPorts:
    ports: set[int] = set()
    while len(ports) < 4:
        ports.add(free_port())
    web, s3, pg, ui = sorted(ports)
    return LocalPorts(web=web, s3=s3, postgres=pg, ui=ui)


def port_args(ports: LocalPorts) -> list[str]:
    args = ["--port", str(ports.web), "--s3-port", str(ports.s3), "--postgres-port", str(ports.postgres)]
    return [*args, "--ui-port", str(ports.ui)]


def start(state_dir: Path) -> Env:
    ports = free_ports()
    result = run_cli("up", "--state-dir", str(state_dir), *port_args(ports))
    assert result.returncode == 0, f"up failed:\n{result.stdout}\n{result.stderr}\n{_logs(state_dir)}"
    token_lines = [line for line in result.stdout.splitlines() if "API token" in line]
    assert token_lines, result.stdout
    return Env(state_dir, ports, token_lines[0].split()[-1], result.stdout)


def _logs(state_dir: Path) -> str:
    logs = state_dir / "logs"
    if not logs.exists():
        return ""
    return "\n".join(f"--- {p.name}\n{p.read_text()[-3000:]}" for p in sorted(logs.glob("*.log")))


def wait_for(predicate: Any, timeout: float, interval: float = 0.1, env: Env | None = None) -> float:
    """Seconds until predicate() is truthy; raises AssertionError after timeout, with the environment's
    process states and log tails when `env` is given, so a failure in CI explains itself."""
    start_ = time.monotonic()
    while time.monotonic() - start_ < timeout:
        if predicate():
            return time.monotonic() - start_
        time.sleep(interval)
    detail = ""
    if env is not None:
        status = env.cli("status", timeout=30)
        detail = f"\n{status.stdout}{status.stderr}\n{_logs(env.state_dir)}"
    raise AssertionError(f"condition not met within {timeout} s{detail}")


def make_dandiset(env: Env, root: Path, name: str) -> tuple[str, Path]:
    created = env.api("POST", "/dandisets/?embargo=false", {"name": name, "metadata": {"name": name}})
    identifier = created["identifier"]
    directory = root / identifier
    directory.mkdir(parents=True)
    (directory / "dandiset.yaml").write_text(f"identifier: '{identifier}'\nname: {name}\n")
    return identifier, directory


# What a draft needs to be Valid (dandischema's Dandiset model): a description, a license, a named contact.
PUBLISHABLE_METADATA = {
    "description": "Uploaded, validated and published by the dandi client",
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


def make_publishable_dandiset(env: Env, root: Path, name: str) -> tuple[str, Path]:
    """A dandiset whose draft can become Valid, and a folder for `dandi upload` into it."""
    created = env.api("POST", "/dandisets/", {"name": name, "metadata": {"name": name, **PUBLISHABLE_METADATA}})
    identifier = created["identifier"]
    directory = root / identifier
    directory.mkdir(parents=True)
    (directory / "dandiset.yaml").write_text(f"identifier: '{identifier}'\n")
    return identifier, directory


class Backlog:
    """Background work not done yet: messages in the local broker's queues plus task-ledger rows still queued
    or running. Keeps its connections open, so it can be read every few milliseconds."""

    def __init__(self, env: Env) -> None:
        import psycopg
        import redis

        facts = json.loads((env.state_dir / "runtime.json").read_text())
        self.db = psycopg.connect(facts["database_url"].replace("postgres://", "postgresql://", 1), autocommit=True)
        self.broker = redis.Redis(unix_socket_path=str(env.state_dir / "broker.sock"))

    def size(self) -> int:
        waiting = sum(self.broker.llen(queue) for queue in ("celery", "calculate_sha256"))
        row = self.db.execute(
            "SELECT count(*) FROM archive_backgroundtask WHERE state IN ('queued', 'running')"
        ).fetchone()
        return waiting + int(row[0] if row else 0)

    def close(self) -> None:
        self.db.close()
        self.broker.close()
