"""The app on RabbitMQ (amqp://, as on Heroku with CloudAMQP): the worker computes sha256 and validates
assets."""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import subprocess
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import requests

from tests.support import fuzz, services

if TYPE_CHECKING:
    from collections.abc import Iterator

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


@contextlib.contextmanager
def rabbitmq_vhost() -> Iterator[str]:
    """A vhost of its own, so this test never shares queues with other runs on the machine's RabbitMQ."""
    ctl = shutil.which("rabbitmqctl")
    if ctl is None:
        pytest.skip(
            "rabbitmqctl not on PATH: cannot create an isolated RabbitMQ vhost for the amqp:// broker test"
        )
    vhost = f"dandi_test_{uuid.uuid4().hex[:10]}"
    created = subprocess.run(
        [ctl, "add_vhost", vhost], capture_output=True, text=True, timeout=60, check=False
    )
    if created.returncode != 0:
        pytest.skip(f"RabbitMQ is not available for the amqp:// broker test: {created.stderr.strip()[:200]}")
    try:
        subprocess.run(
            [ctl, "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*"],
            capture_output=True,
            timeout=60,
            check=True,
        )
        yield f"amqp://guest:guest@127.0.0.1:5672/{vhost}"
    finally:
        subprocess.run([ctl, "delete_vhost", vhost], capture_output=True, timeout=60, check=False)


def test_amqp_broker_runs_checksum_and_validation(s3_endpoint: str, tmp_path: Path) -> None:
    with (
        rabbitmq_vhost() as broker_url,
        services.temporary_database() as database_url,
        services.live_app(
            database_url=database_url, s3_endpoint=s3_endpoint, log_dir=tmp_path, broker_url=broker_url
        ) as app,
    ):
        token = app.create_token("amqp-owner", admin=True)
        ids = fuzz.seed_data(app, token)
        deadline = time.monotonic() + 60
        info: dict = {}
        while time.monotonic() < deadline:
            info = requests.get(f"{app.api_url}/assets/{ids['asset_id']}/info/", timeout=10).json()
            if info["status"] != "Pending":
                break
            time.sleep(0.5)
        assert (
            info["metadata"]["digest"].get("dandi:sha2-256")
            == hashlib.sha256(b"schemathesis seed data\n" * 100).hexdigest()
        ), app.log("worker")
        assert "amqp://" in app.log("worker")
