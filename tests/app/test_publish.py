"""Publishing a draft into an immutable version 0.YYMMDD.HHMM (in process, real PostgreSQL + moto, tasks eager)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest

from tests.app.test_api import add_asset, create_dandiset, upload_blob

pytestmark = pytest.mark.integration

PUBLISHED_ID = re.compile(r"^0\.\d{6}\.\d{4}$")


def publishable(client: Any, *, data: bytes = b"published bytes\n") -> tuple[str, str]:
    """A dandiset whose draft and single asset are Valid: (identifier, asset_id)."""
    ident = create_dandiset(client)["identifier"]
    blob_id = upload_blob(client, dandiset_id=ident, data=data)
    asset = add_asset(client, dandiset_id=ident, path="sub-1/data.bin", blob_id=blob_id)
    assert asset.status_code == 200, asset.content
    make_valid(client, ident)
    return ident, asset.json()["asset_id"]


def make_valid(client: Any, ident: str, *, description: str = "A description") -> None:
    meta = client.get(f"/api/dandisets/{ident}/versions/draft/").json()
    meta.update({"description": description, "license": ["spdx:CC-BY-4.0"]})
    response = client.put(
        f"/api/dandisets/{ident}/versions/draft/", {"name": "To publish", "metadata": meta}, format="json"
    )
    assert response.status_code == 200, response.content
    info = client.get(f"/api/dandisets/{ident}/versions/draft/info/").json()
    assert info["status"] == "Valid", info["version_validation_errors"]


def draft_status(client: Any, ident: str) -> str:
    return client.get(f"/api/dandisets/{ident}/versions/draft/info/").json()["status"]


def test_publish_makes_an_immutable_version_and_the_draft_reads_published(
    client_for: Any, make_user: Any
) -> None:
    _, token = make_user()
    client = client_for(token)
    ident, asset_id = publishable(client)

    response = client.post(f"/api/dandisets/{ident}/versions/draft/publish/")
    assert response.status_code == 202, response.content
    assert response.json()["version"] == "draft"
    assert draft_status(client, ident) == "Published"

    versions = client.get(f"/api/dandisets/{ident}/versions/?order=-created").json()["results"]
    assert [v["version"] for v in versions][1:] == ["draft"]
    published = versions[0]["version"]
    assert PUBLISHED_ID.match(published), published
    assert versions[0]["status"] == "Published"
    dandiset = client_for(None).get(f"/api/dandisets/{ident}/").json()
    assert dandiset["most_recent_published_version"]["version"] == published

    meta = client_for(None).get(f"/api/dandisets/{ident}/versions/{published}/").json()
    assert meta["id"] == f"DANDI-STACK-TEST:{ident}/{published}"
    assert meta["version"] == published
    assert meta["url"].endswith(f"/dandiset/{ident}/{published}")
    assert meta["datePublished"]
    assert meta["publishedBy"]["schemaKey"] == "PublishActivity"
    assert meta["assetsSummary"]["numberOfFiles"] == 1
    from dandischema.models import Dandiset as DandisetModel

    assert DandisetModel.model_validate(meta).datePublished is not None
    assets = client_for(None).get(f"/api/dandisets/{ident}/versions/{published}/assets/").json()["results"]
    assert [a["asset_id"] for a in assets] == [asset_id]
    asset_meta = (
        client_for(None).get(f"/api/dandisets/{ident}/versions/{published}/assets/{asset_id}/").json()
    )
    assert asset_meta["datePublished"] == meta["datePublished"]
    assert asset_meta["publishedBy"]["schemaKey"] == "PublishActivity"
    from dandischema.models import Asset as AssetModel

    assert AssetModel.model_validate(asset_meta).datePublished is not None

    # Published versions are read-only; the draft stays editable and keeps its own asset list.
    assert (
        client.put(
            f"/api/dandisets/{ident}/versions/{published}/", {"name": "x", "metadata": meta}, format="json"
        ).status_code
        == 405
    )
    assert client.delete(f"/api/dandisets/{ident}/versions/{published}/assets/{asset_id}/").status_code == 405
    assert client.delete(f"/api/dandisets/{ident}/versions/draft/assets/{asset_id}/").status_code == 204
    assets = client.get(f"/api/dandisets/{ident}/versions/{published}/assets/").json()["results"]
    assert [a["asset_id"] for a in assets] == [asset_id]
    assert client.get(f"/api/dandisets/{ident}/versions/draft/assets/").json()["count"] == 0
    assert client.delete(f"/api/dandisets/{ident}/").status_code == 405


def test_clients_cannot_claim_an_asset_is_published(client_for: Any, make_user: Any) -> None:
    _, token = make_user()
    client = client_for(token)
    ident = create_dandiset(client)["identifier"]
    blob_id = upload_blob(client, dandiset_id=ident, data=b"claims\n")
    metadata = {
        "path": "claims.bin",
        "encodingFormat": "application/octet-stream",
        "schemaKey": "Asset",
        "datePublished": "2020-01-01T00:00:00+00:00",
        "publishedBy": "https://example.org/not-a-publish",
    }
    response = client.post(
        f"/api/dandisets/{ident}/versions/draft/assets/",
        {"metadata": metadata, "blob_id": blob_id},
        format="json",
    )
    assert response.status_code == 200, response.content
    stored = client.get(f"/api/assets/{response.json()['asset_id']}/").json()
    assert "datePublished" not in stored
    assert "publishedBy" not in stored


def test_republish_needs_a_change_and_takes_the_next_free_minute(client_for: Any, make_user: Any) -> None:
    _, token = make_user()
    client = client_for(token)
    ident, _ = publishable(client, data=b"republish\n")
    assert client.post(f"/api/dandisets/{ident}/versions/draft/publish/").status_code == 202
    again = client.post(f"/api/dandisets/{ident}/versions/draft/publish/")
    assert (again.status_code, again.json()) == (400, "No changes since the last publish.")

    make_valid(client, ident, description="A second release")
    assert client.post(f"/api/dandisets/{ident}/versions/draft/publish/").status_code == 202
    versions = client.get(f"/api/dandisets/{ident}/versions/?order=created").json()["results"]
    ids = [v["version"] for v in versions if v["version"] != "draft"]
    assert len(ids) == len(set(ids)) == 2
    second = client.get(f"/api/dandisets/{ident}/versions/{ids[1]}/").json()
    assert second["description"] == "A second release"


def test_publish_is_refused_with_one_clear_reason(client_for: Any, make_user: Any) -> None:
    _, token = make_user()
    client = client_for(token)
    _, other_token = make_user()

    ident, _ = publishable(client, data=b"refusals\n")
    url = f"/api/dandisets/{ident}/versions/draft/publish/"
    assert client_for(None).post(url).status_code == 401
    assert client_for(other_token).post(url).status_code == 403

    empty = create_dandiset(client)["identifier"]
    make_valid(client, empty)
    refused = client.post(f"/api/dandisets/{empty}/versions/draft/publish/")
    assert (refused.status_code, refused.json()) == (400, "Cannot publish a dandiset that has no assets.")

    invalid = create_dandiset(client)["identifier"]  # no description or license
    refused = client.post(f"/api/dandisets/{invalid}/versions/draft/publish/")
    assert (refused.status_code, refused.json()) == (400, "Dandiset metadata or asset metadata is not valid.")

    embargoed = create_dandiset(client, embargo=True)["identifier"]
    refused = client.post(f"/api/dandisets/{embargoed}/versions/draft/publish/")
    assert (refused.status_code, refused.json()) == (400, "Embargoed dandisets cannot be published.")
    assert client.get(f"/api/dandisets/{ident}/versions/draft/").status_code == 200


def test_a_draft_being_published_is_locked(client_for: Any, make_user: Any) -> None:
    from archive.models import Version, VersionStatus

    _, token = make_user()
    client = client_for(token)
    ident, asset_id = publishable(client, data=b"locked\n")
    Version.objects.filter(dandiset_id=int(ident), version="draft").update(status=VersionStatus.PUBLISHING)

    base = f"/api/dandisets/{ident}/versions/draft"
    assert client.post(f"{base}/publish/").status_code == 423
    meta = client.get(f"{base}/").json()
    assert client.put(f"{base}/", {"name": "x", "metadata": meta}, format="json").status_code == 423
    assert client.delete(f"{base}/assets/{asset_id}/").status_code == 423


def test_reconcile_finishes_a_publish_whose_task_was_lost(client_for: Any, make_user: Any) -> None:
    from archive.models import Version, VersionStatus
    from archive.services import reconcile
    from django.utils import timezone

    _, token = make_user()
    client = client_for(token)
    ident, _ = publishable(client, data=b"lost task\n")
    # As if the request had marked it and the worker died before running the task.
    Version.objects.filter(dandiset_id=int(ident), version="draft").update(status=VersionStatus.PUBLISHING)
    counts = reconcile.reconcile(now=timezone.now() + timedelta(hours=1))
    assert counts["publishing"] >= 1
    assert draft_status(client, ident) == "Published"
    versions = client.get(f"/api/dandisets/{ident}/versions/").json()["results"]
    assert sum(1 for v in versions if PUBLISHED_ID.match(v["version"])) == 1
