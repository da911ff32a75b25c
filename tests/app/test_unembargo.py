"""Unembargoing a dandiset: its objects lose the embargo tag and everyone may read them (in process, real
PostgreSQL + moto, tasks eager)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import requests

from tests.app.test_api import add_asset, create_dandiset, initialize_upload, upload_blob

pytestmark = pytest.mark.integration

BUCKET = "dandi-test-data"


def tags(s3: Any, key: str) -> dict[str, str]:
    return {t["Key"]: t["Value"] for t in s3.get_object_tagging(Bucket=BUCKET, Key=key)["TagSet"]}


def embargoed_with_asset(client: Any, data: bytes) -> tuple[str, str, str]:
    """(identifier, asset_id, blob key) of an embargoed dandiset holding one asset."""
    ident = create_dandiset(client, embargo=True)["identifier"]
    blob_id = upload_blob(client, dandiset_id=ident, data=data)
    asset = add_asset(client, dandiset_id=ident, path="sub-1/secret.bin", blob_id=blob_id)
    assert asset.status_code == 200, asset.content
    return ident, asset.json()["asset_id"], f"blobs/{blob_id[0:3]}/{blob_id[3:6]}/{blob_id}"


def test_unembargo_opens_the_objects_and_the_api(client_for: Any, make_user: Any, s3: Any) -> None:
    _, token = make_user()
    owner, anon = client_for(token), client_for(None)
    data = b"soon to be open\n"
    ident, asset_id, key = embargoed_with_asset(owner, data)
    manifest = f"dandisets/{ident}/draft/dandiset.yaml"
    assert tags(s3, key) == {"embargoed": "true"}
    assert tags(s3, manifest) == {"embargoed": "true"}
    assert anon.get(f"/api/assets/{asset_id}/download/").status_code == 401

    response = owner.post(f"/api/dandisets/{ident}/unembargo/")
    assert response.status_code == 202, response.content
    assert owner.get(f"/api/dandisets/{ident}/").json()["embargo_status"] == "OPEN"
    assert tags(s3, key) == {}
    assert tags(s3, manifest) == {}
    redirect = anon.get(f"/api/assets/{asset_id}/download/")
    assert redirect.status_code == 302
    assert requests.get(redirect["Location"], timeout=10).content == data
    access = anon.get(f"/api/dandisets/{ident}/versions/draft/").json()["access"]
    assert access[0]["status"] == "dandi:OpenAccess"
    assert ident in {d["identifier"] for d in anon.get("/api/dandisets/?page_size=1000").json()["results"]}
    # The blob is now open: another dandiset uploading the same bytes takes the 409 path to it.
    other = create_dandiset(owner)["identifier"]
    init = initialize_upload(owner, dandiset_id=other, data=data)
    assert init.status_code == 409


def test_unembargo_is_refused_with_one_clear_reason(client_for: Any, make_user: Any) -> None:
    _, token = make_user()
    _, other_token = make_user()
    owner = client_for(token)
    ident, _, _ = embargoed_with_asset(owner, b"refused\n")
    url = f"/api/dandisets/{ident}/unembargo/"
    assert client_for(None).post(url).status_code == 401
    assert client_for(other_token).post(url).status_code == 403

    open_ident = create_dandiset(owner)["identifier"]
    refused = owner.post(f"/api/dandisets/{open_ident}/unembargo/")
    assert (refused.status_code, refused.json()) == (400, "Dandiset is not embargoed.")

    in_flight = create_dandiset(owner, embargo=True)["identifier"]
    data = b"an upload left open"
    init = initialize_upload(owner, dandiset_id=in_flight, data=data)
    assert init.status_code == 200
    refused = owner.post(f"/api/dandisets/{in_flight}/unembargo/")
    assert refused.status_code == 400
    assert "uploads in progress" in refused.json()


def test_an_unembargoing_dandiset_is_locked(client_for: Any, make_user: Any) -> None:
    from archive.models import Dandiset, EmbargoStatus

    _, token = make_user()
    owner = client_for(token)
    ident, asset_id, _ = embargoed_with_asset(owner, b"locked while opening\n")
    Dandiset.objects.filter(pk=int(ident)).update(embargo_status=EmbargoStatus.UNEMBARGOING)

    base = f"/api/dandisets/{ident}"
    assert owner.post(f"{base}/unembargo/").status_code == 423
    meta = owner.get(f"{base}/versions/draft/").json()
    assert (
        owner.put(f"{base}/versions/draft/", {"name": "x", "metadata": meta}, format="json").status_code
        == 423
    )
    assert owner.delete(f"{base}/versions/draft/assets/{asset_id}/").status_code == 423
    data = b"a new upload"
    init = initialize_upload(owner, dandiset_id=ident, data=data)
    assert init.status_code == 423


def test_reconcile_finishes_an_unembargo_whose_task_was_lost(
    client_for: Any, make_user: Any, s3: Any
) -> None:
    from archive.models import Dandiset, EmbargoStatus
    from archive.services import reconcile
    from django.utils import timezone

    _, token = make_user()
    owner = client_for(token)
    ident, _, key = embargoed_with_asset(owner, b"lost unembargo\n")
    Dandiset.objects.filter(pk=int(ident)).update(embargo_status=EmbargoStatus.UNEMBARGOING)
    counts = reconcile.reconcile(now=timezone.now() + timedelta(hours=1))
    assert counts["unembargoing"] >= 1
    assert owner.get(f"/api/dandisets/{ident}/").json()["embargo_status"] == "OPEN"
    assert tags(s3, key) == {}
