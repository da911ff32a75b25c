"""Worker services against real PostgreSQL and moto: sha256, validation, manifests, reconciliation, upload GC,
and the admin-token command."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
from contextlib import redirect_stdout
from datetime import timedelta
from typing import Any

import pytest

from tests.app.test_api import add_asset, create_dandiset, upload_blob
from tests.support import services

pytestmark = pytest.mark.integration


def test_sha256_is_streamed_from_s3_and_idempotent(client_for: Any, make_user: Any, django_app: Any) -> None:
    from archive.models import AssetBlob
    from archive.services import blobs

    _, token = make_user()
    client = client_for(token)
    data = os.urandom(200_000)
    blob_id = upload_blob(client, dandiset_id=create_dandiset(client)["identifier"], data=data)
    blob = AssetBlob.objects.get(blob_id=blob_id)
    assert blob.sha256 == hashlib.sha256(data).hexdigest()  # computed by the (eager) task on validate
    AssetBlob.objects.filter(pk=blob.pk).update(sha256=None)
    assert blobs.calculate_sha256(blob_pk=blob.pk) == hashlib.sha256(data).hexdigest()
    assert blobs.calculate_sha256(blob_pk=blob.pk) == hashlib.sha256(data).hexdigest()


def test_asset_stays_pending_until_sha256_then_validates(
    client_for: Any, make_user: Any, django_app: Any
) -> None:
    from archive.models import Asset, AssetBlob
    from archive.services import assets, blobs

    _, token = make_user()
    client = client_for(token)
    ident = create_dandiset(client)["identifier"]
    blob_id = upload_blob(client, dandiset_id=ident, data=b"pending until hashed")
    AssetBlob.objects.filter(blob_id=blob_id).update(sha256=None)
    asset_id = add_asset(client, dandiset_id=ident, path="a.bin", blob_id=blob_id).json()["asset_id"]
    asset = Asset.objects.get(asset_id=asset_id)
    assert assets.validate_asset(asset_pk=asset.pk) == "Pending"
    blobs.calculate_sha256(blob_pk=asset.blob_id)  # queues validation of the blob's pending assets (eager)
    asset.refresh_from_db()
    assert asset.status == "Valid", asset.validation_errors


def test_invalid_asset_metadata_records_errors(client_for: Any, make_user: Any, django_app: Any) -> None:
    from archive.models import Asset

    _, token = make_user()
    client = client_for(token)
    ident = create_dandiset(client)["identifier"]
    blob_id = upload_blob(client, dandiset_id=ident, data=b"bad metadata")
    response = client.post(
        f"/api/dandisets/{ident}/versions/draft/assets/",
        {"metadata": {"path": "bad.bin", "encodingFormat": 42, "schemaKey": "Asset"}, "blob_id": blob_id},
        format="json",
    )
    asset = Asset.objects.get(asset_id=response.json()["asset_id"])
    assert asset.status == "Invalid"
    assert any(e["field"] == "encodingFormat" and e["path"] == "bad.bin" for e in asset.validation_errors)
    info = client.get(f"/api/dandisets/{ident}/versions/draft/info/").json()
    assert any(e["path"] == "bad.bin" for e in info["asset_validation_errors"])


def test_manifests_written_in_dandi_layout(client_for: Any, make_user: Any, s3: Any, django_app: Any) -> None:
    import yaml

    _, token = make_user()
    client = client_for(token)
    ident = create_dandiset(client, embargo=True)["identifier"]
    blob_id = upload_blob(client, dandiset_id=ident, data=b"manifest me")
    add_asset(client, dandiset_id=ident, path="dir/file.txt", blob_id=blob_id)
    prefix = f"dandisets/{ident}/draft/"
    assets_doc = yaml.safe_load(
        s3.get_object(Bucket=services.BUCKET, Key=prefix + "assets.yaml")["Body"].read()
    )
    assert [a["path"] for a in assets_doc] == ["dir/file.txt"]
    dandiset_doc = yaml.safe_load(
        s3.get_object(Bucket=services.BUCKET, Key=prefix + "dandiset.yaml")["Body"].read()
    )
    assert dandiset_doc["identifier"] == f"DANDI-STACK-TEST:{ident}"
    tags = s3.get_object_tagging(Bucket=services.BUCKET, Key=prefix + "assets.yaml")["TagSet"]
    assert tags == [{"Key": "embargoed", "Value": "true"}]


def test_reconcile_requeues_lost_work(client_for: Any, make_user: Any, django_app: Any) -> None:
    from archive.models import AssetBlob, Version
    from archive.services import reconcile
    from django.utils import timezone

    _, token = make_user()
    client = client_for(token)
    ident = create_dandiset(client)["identifier"]
    blob_id = upload_blob(client, dandiset_id=ident, data=b"lost work")
    AssetBlob.objects.filter(blob_id=blob_id).update(sha256=None)
    Version.objects.filter(dandiset_id=int(ident)).update(status="Pending")
    # Within the grace period nothing is touched; after it, the work is queued again (and runs eagerly here).
    assert reconcile.reconcile(now=timezone.now() - timedelta(hours=1))["blobs"] == 0
    counts = reconcile.reconcile(now=timezone.now() + timedelta(hours=1))
    assert counts["blobs"] >= 1
    assert counts["versions"] >= 1
    assert AssetBlob.objects.get(blob_id=blob_id).sha256 == hashlib.sha256(b"lost work").hexdigest()
    assert Version.objects.get(dandiset_id=int(ident)).status in {"Valid", "Invalid"}


@pytest.fixture
def queued_for_real(django_app: Any) -> Any:
    """Tasks go to the broker (kombu's in-memory transport here) instead of running eagerly, for the test."""
    django_app.conf.task_always_eager = False
    try:
        with django_app.connection_for_write() as conn:
            yield conn
    finally:
        django_app.conf.task_always_eager = True


def _waiting(conn: Any, queue: str = "celery") -> list[tuple[str, list]]:
    """(task name, args) of the messages waiting in `queue`, taken out of it."""
    found = []
    simple = conn.SimpleQueue(queue)
    while True:
        try:
            message = simple.get_nowait()
        except simple.Empty:
            return found
        found.append((message.headers["task"], list(message.payload[0])))
        message.ack()


def _pending_asset(client: Any) -> Any:
    """A Pending asset whose blob has its sha256: validation is all it waits for."""
    from archive.models import Asset, AssetBlob

    ident = create_dandiset(client)["identifier"]
    data = os.urandom(1000)
    blob_id = upload_blob(client, dandiset_id=ident, data=data)
    AssetBlob.objects.filter(blob_id=blob_id).update(sha256=hashlib.sha256(data).hexdigest())
    asset_id = add_asset(client, dandiset_id=ident, path="queued.bin", blob_id=blob_id).json()["asset_id"]
    asset = Asset.objects.get(asset_id=asset_id)
    assert asset.status == "Pending"  # its validation waits in the queue
    return asset


def test_reconcile_does_not_queue_an_item_whose_task_is_already_queued(
    client_for: Any, make_user: Any, queued_for_real: Any, caplog: pytest.LogCaptureFixture
) -> None:
    from archive import dispatch, tasks
    from archive.models import BackgroundTask
    from archive.services import reconcile
    from django.db import transaction
    from django.utils import timezone

    _, token = make_user()
    asset = _pending_asset(client_for(token))
    # Adding the asset queued its validation once; a second change while that message waits sends nothing.
    assert ("archive.tasks.validate_asset_metadata", [asset.pk]) in _waiting(queued_for_real)
    with transaction.atomic():
        dispatch.validate_asset(asset_pk=asset.pk)
    assert ("archive.tasks.validate_asset_metadata", [asset.pk]) not in _waiting(queued_for_real)
    # The row says queued all along; put the message back as if it had been waiting in the queue.
    tasks.validate_asset_metadata.apply_async((asset.pk,), connection=queued_for_real)

    # Long past the grace period (the old reconcile re-queued every Pending asset then), still waiting: alone.
    later = timezone.now() + timedelta(seconds=settings_grace() * 3)
    reconcile.reconcile(now=later)
    row = BackgroundTask.objects.get(task="archive.tasks.validate_asset_metadata", object_pk=asset.pk)
    assert (row.state, row.attempts) == ("queued", 0)
    assert _waiting(queued_for_real).count(("archive.tasks.validate_asset_metadata", [asset.pk])) == 1

    # The message is gone now (the queue is empty): the next pass re-queues it once, and says so.
    with caplog.at_level("WARNING", logger="archive.services.reconcile"):
        reconcile.reconcile(now=later)
    row.refresh_from_db()
    assert (row.state, row.attempts) == ("queued", 1)
    assert _waiting(queued_for_real).count(("archive.tasks.validate_asset_metadata", [asset.pk])) == 1
    assert any(
        "validate_asset_metadata" in r.message
        and "not in the queue" in r.message
        and str(asset.pk) in r.message
        for r in caplog.records
    ), caplog.text


def settings_grace() -> int:
    from django.conf import settings

    return int(settings.DANDI_RECONCILE_GRACE_SECONDS)


def test_reconcile_leaves_running_work_alone_until_its_worker_is_gone(
    client_for: Any, make_user: Any, queued_for_real: Any
) -> None:
    from archive import ledger
    from archive.models import BackgroundTask
    from archive.services import reconcile
    from django.utils import timezone

    _, token = make_user()
    asset = _pending_asset(client_for(token))
    _waiting(queued_for_real)
    row, _ = BackgroundTask.objects.update_or_create(
        task="archive.tasks.validate_asset_metadata",
        object_pk=asset.pk,
        defaults={
            "queue": "celery",
            "state": "running",
            "queued_at": timezone.now(),
            "started_at": timezone.now(),
        },
    )
    later = timezone.now() + timedelta(seconds=settings_grace() * 3)
    BackgroundTask.objects.filter(pk=row.pk).update(worker=ledger.this_worker())  # this process: alive
    reconcile.reconcile(now=later)
    assert ("archive.tasks.validate_asset_metadata", [asset.pk]) not in _waiting(queued_for_real)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    host = ledger.this_worker().rsplit(":", 1)[0]
    BackgroundTask.objects.filter(pk=row.pk).update(worker=f"{host}:{dead.stdout.strip()}")
    reconcile.reconcile(now=later)
    assert ("archive.tasks.validate_asset_metadata", [asset.pk]) in _waiting(queued_for_real)


def test_garbage_collection_aborts_old_uploads(
    client_for: Any, make_user: Any, s3: Any, django_app: Any
) -> None:
    from archive.models import Upload
    from archive.services import uploads
    from django.utils import timezone

    _, token = make_user()
    client = client_for(token)
    ident = create_dandiset(client)["identifier"]
    data = b"abandoned upload"
    md5 = hashlib.md5(data).digest()  # noqa: S324
    init = client.post(
        "/api/uploads/initialize/",
        {
            "contentSize": len(data),
            "dandiset": ident,
            "digest": {"algorithm": "dandi:dandi-etag", "value": f"{hashlib.md5(md5).hexdigest()}-1"},  # noqa: S324
        },
        format="json",
    ).json()
    upload = Upload.objects.get(upload_id=init["upload_id"])
    in_flight = {u["UploadId"] for u in s3.list_multipart_uploads(Bucket=services.BUCKET).get("Uploads", [])}
    assert upload.multipart_upload_id in in_flight
    assert uploads.garbage_collect_uploads(now=timezone.now()) == 0  # young uploads are kept
    assert uploads.garbage_collect_uploads(now=timezone.now() + timedelta(hours=169)) >= 1
    assert not Upload.objects.filter(pk=upload.pk).exists()
    in_flight = {u["UploadId"] for u in s3.list_multipart_uploads(Bucket=services.BUCKET).get("Uploads", [])}
    assert upload.multipart_upload_id not in in_flight


def test_create_admin_token_is_idempotent(django_app: Any) -> None:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    outputs = []
    for _ in range(2):
        buffer = io.StringIO()
        with redirect_stdout(buffer):
            call_command(
                "create_admin_token", "--username", "root-admin", "--email", "root@example.org", stdout=buffer
            )
        outputs.append(buffer.getvalue().strip())
    assert outputs[0] == outputs[1]
    (line,) = outputs[0].splitlines()
    parsed = json.loads(line)
    assert parsed["username"] == "root-admin"
    assert len(parsed["token"]) == 40
    int(parsed["token"], 16)
    user = get_user_model().objects.get(username="root-admin")
    assert user.is_superuser
    assert user.is_staff


def test_migrations_are_complete(django_app: Any) -> None:
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def manage_check(*, unset: set[str], **variables: str) -> subprocess.CompletedProcess:
    """`manage.py check` with this environment minus `unset`, plus `variables`."""
    env = {k: v for k, v in os.environ.items() if k not in {*unset, "DJANGO_SETTINGS_MODULE"}}
    env.update(variables)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=services.APP_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_missing_database_url_is_one_clear_line() -> None:
    result = manage_check(unset={"DATABASE_URL"}, DJANGO_SECRET_KEY="x" * 50)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "error: DATABASE_URL is required, e.g. postgres://user:password@host:5432/dbname"
    ]


def test_an_instance_name_dandischema_refuses_is_one_clear_line() -> None:
    result = manage_check(
        unset=set(),
        DATABASE_URL="postgres://nobody@127.0.0.1:1/none",
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_DANDI_INSTANCE_NAME="lab2",
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "error: DJANGO_DANDI_INSTANCE_NAME='lab2' must be capital letters and dashes (it prefixes identifiers "
        "such as EXARCH:000001), e.g. EXARCH or EXARCH-STAGING"
    ]


def test_sentry_is_initialised_when_a_dsn_is_set(tmp_path: Any) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
        "DJANGO_SECRET_KEY": "x" * 50,
        "DJANGO_SENTRY_DSN": "http://public@127.0.0.1:9/1",
        "DJANGO_SENTRY_ENVIRONMENT": "test-env",
    }
    code = "import sentry_sdk; c = sentry_sdk.get_client(); print(c.is_active(), c.options['environment'])"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=services.APP_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.stdout.strip().splitlines()[-1] == "True test-env", result.stderr
