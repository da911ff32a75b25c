"""The app's environment in the local environment: the one builder (components/documents/app_env.py) with
local values, plus what the local processes need (see app/README.md for the table)."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

from components.documents.app_env import app_env as document_app_env
from components.documents.people_env import people_env
from stacks.local import s3, webui
from stacks.local.health import web_url
from stacks.local.ports import HOST, LocalPorts
from stacks.local.state import MARKER_ENV, StateDir

# Re-queue lost work (blob without sha256, asset stuck Pending) quickly:
# a killed worker then costs seconds, not minutes.
RECONCILE_INTERVAL_SECONDS = 5
# A blob still without sha256 this long after its upload counts as lost (sha256 of a local upload takes ~1 s).
RECONCILE_GRACE_SECONDS = 10
# Variables from the caller's shell that would redirect the app away from the local services.
_SCRUBBED = (
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "CLOUDAMQP_URL",
    "AWS_PROFILE",
    "AWS_SESSION_TOKEN",
    "AWS_CONFIG_FILE",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_SENTRY_DSN",
)


def app_env(
    *,
    state: StateDir,
    ports: LocalPorts,
    database_url: str,
    broker_url: str,
    bucket: str,
    region: str,
    instance_name: str,
    serve_ui: bool = True,
    secret_key: str | None = None,
    smtp_port: int | None = None,
) -> dict[str, str]:
    """Base environment plus every variable the app reads; inherited by supervisord and all its programs.

    With `serve_ui`, the web UI's URL is the app's web app URL (links in metadata and /server-info) and its
    origins may call the API from the browser; without it, nothing points at a port where nothing listens.
    """
    env = {k: v for k, v in os.environ.items() if k not in _SCRUBBED and not k.startswith("DJANGO_")}
    bindir = str(Path(sys.executable).parent)
    env["PATH"] = bindir + os.pathsep + env.get("PATH", "/usr/bin:/bin")
    api = web_url(ports.web)
    cors = [api, f"http://localhost:{ports.web}"]
    if serve_ui:
        cors += webui.origins(ports.ui)
    app = document_app_env(
        api_url=api,
        web_app_url=webui.url(ports.ui) if serve_ui else api,
        allowed_hosts=[HOST, "localhost"],
        cors_origins=cors,
        bucket_name=bucket,
        # Empty, so boto3 reads the app's own IAM key from AWS_SHARED_CREDENTIALS_FILE (issued once the local
        # IAM API runs, runtime.py) and a caller's own AWS keys stay out.
        access_key_id="",
        secret_access_key="",
        region=region,
        django_secret_key=secret_key or secrets.token_urlsafe(48),
        instance_name=instance_name,
        worker_concurrency=2,
        s3_endpoint_url=s3.endpoint(ports.s3),
        database_url=database_url,
        broker_url=broker_url,
    )
    env.update(app.merged())
    env.update(
        {
            MARKER_ENV: str(state.root),
            "AWS_SHARED_CREDENTIALS_FILE": str(state.aws_credentials),
            "DJANGO_DANDI_RECONCILE_INTERVAL_SECONDS": str(RECONCILE_INTERVAL_SECONDS),
            "DJANGO_DANDI_RECONCILE_GRACE_SECONDS": str(RECONCILE_GRACE_SECONDS),
            "PORT": str(ports.web),
            "WEB_BIND": HOST,
            "WEB_CONCURRENCY": "2",
            "CELERY_BEAT_SCHEDULE_FILE": str(state.beat_schedule),
            "PYTHONUNBUFFERED": "1",
        }
    )
    # A laptop clone works offline: password accounts, mail kept by the local SMTP server.
    people = people_env(
        local_accounts=True,
        mail_from="noreply@localhost",
        email_url=f"smtp://{HOST}:{smtp_port}" if smtp_port is not None else None,
    )
    env.update(people.merged())
    return env
