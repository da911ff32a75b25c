"""The app contract's environment variables for the local environment (see app/README.md for the table)."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

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
    env.update(
        {
            MARKER_ENV: str(state.root),
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": broker_url,
            "DJANGO_SECRET_KEY": secret_key or secrets.token_urlsafe(48),
            "DJANGO_DEBUG": "false",
            "DJANGO_ALLOWED_HOSTS": f"{HOST},localhost",
            "DJANGO_CORS_ALLOWED_ORIGINS": ",".join(cors),
            "DJANGO_STORAGE_BUCKET_NAME": bucket,
            # The app signs with its IAM user's key, issued once the local IAM API runs (runtime.py) and read
            # from this file; empty variables keep a caller's own AWS keys out.
            "AWS_ACCESS_KEY_ID": "",
            "AWS_SECRET_ACCESS_KEY": "",
            "AWS_SHARED_CREDENTIALS_FILE": str(state.aws_credentials),
            "AWS_DEFAULT_REGION": region,
            "DJANGO_S3_ENDPOINT_URL": s3.endpoint(ports.s3),
            "DJANGO_S3_PUBLIC_ENDPOINT_URL": s3.endpoint(ports.s3),
            "DJANGO_DANDI_API_URL": api,
            "DJANGO_DANDI_WEB_APP_URL": webui.url(ports.ui) if serve_ui else api,
            "DJANGO_DANDI_INSTANCE_NAME": instance_name,
            "DJANGO_DANDI_RECONCILE_INTERVAL_SECONDS": str(RECONCILE_INTERVAL_SECONDS),
            "DJANGO_DANDI_RECONCILE_GRACE_SECONDS": str(RECONCILE_GRACE_SECONDS),
            "DJANGO_CELERY_WORKER_CONCURRENCY": "2",
            "PORT": str(ports.web),
            "WEB_BIND": HOST,
            "WEB_CONCURRENCY": "2",
            "CELERY_BEAT_SCHEDULE_FILE": str(state.beat_schedule),
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env
