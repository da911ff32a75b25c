"""Zarr archives through the API in process (real PostgreSQL + moto, tasks eager): the file protocol the dandi
client uses, the server's checksum against zarr_checksum's, and every refusal as one clear 4xx."""

from __future__ import annotations

import base64
import hashlib
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.app.test_api import create_dandiset

pytestmark = pytest.mark.integration

FILES = {".zgroup": b'{"zarr_format": 2}', "a/.zarray": b"{}", "a/0.0": b"\x00" * 100, "a/0.1": b"\x01" * 50}


def b64md5(data: bytes) -> str:
    return base64.b64encode(hashlib.md5(data).digest()).decode()  # noqa: S324 - S3's Content-MD5 is md5


def make_zarr(client: Any, ident: str, name: str = "sub-1/sample.zarr") -> str:
    response = client.post("/api/zarr/", {"name": name, "dandiset": ident}, format="json")
    assert response.status_code == 200, response.content
    return response.json()["zarr_id"]


def put_files(client: Any, zarr_id: str, files: dict[str, bytes]) -> list[str]:
    body = [{"path": path, "base64md5": b64md5(data)} for path, data in files.items()]
    urls = client.post(f"/api/zarr/{zarr_id}/files/", body, format="json")
    assert urls.status_code == 200, urls.content
    for url, (path, data) in zip(urls.json(), files.items(), strict=True):
        headers = {"Content-MD5": b64md5(data)}
        if "x-amz-tagging" in url:
            headers["x-amz-tagging"] = "embargoed=true"
        put = requests.put(url, data=data, headers=headers, timeout=30)
        assert put.status_code == 200, (path, put.text)
    return urls.json()


def expected_checksum(files: dict[str, bytes]) -> str:
    from zarr_checksum.tree import ZarrChecksumTree

    tree = ZarrChecksumTree()
    for path, data in files.items():
        tree.add_leaf(Path(path), len(data), hashlib.md5(data).hexdigest())  # noqa: S324
    return str(tree.process())


def test_files_finalize_checksum_asset_and_file_download(client_for: Any, make_user: Any) -> None:
    _, token = make_user()
    client = client_for(token)
    ident = create_dandiset(client)["identifier"]
    zarr_id = make_zarr(client, ident)
    put_files(client, zarr_id, FILES)
    assert client.get(f"/api/zarr/{zarr_id}/").json()["status"] == "Pending"
    assert client.post(f"/api/zarr/{zarr_id}/finalize/").status_code == 204
    detail = client.get(f"/api/zarr/{zarr_id}/").json()
    assert detail["status"] == "Complete"
    assert detail["checksum"] == expected_checksum(FILES)
    assert (detail["file_count"], detail["size"]) == (4, sum(len(d) for d in FILES.values()))

    listing = client.get(f"/api/zarr/{zarr_id}/files/?prefix=a/").json()["results"]
    assert [e["Key"] for e in listing] == ["a/.zarray", "a/0.0", "a/0.1"]
    assert listing[1]["ETag"] == hashlib.md5(FILES["a/0.0"]).hexdigest()  # noqa: S324
    redirect = client_for(None).get(f"/api/zarr/{zarr_id}/files/?prefix=a/0.1&download=true")
    assert redirect.status_code == 302
    assert requests.get(redirect["Location"], timeout=10).content == FILES["a/0.1"]
    assert client.get(f"/api/zarr/{zarr_id}/files/?prefix=a/9.9&download=true").status_code == 404

    metadata = {"path": "sub-1/sample.zarr", "schemaKey": "Asset", "encodingFormat": "application/x-zarr"}
    asset = client.post(
        f"/api/dandisets/{ident}/versions/draft/assets/",
        {"metadata": metadata, "zarr_id": zarr_id},
        format="json",
    )
    assert asset.status_code == 200, asset.content
    assert (asset.json()["blob"], asset.json()["zarr"]) == (None, zarr_id)
    info = client.get(f"/api/assets/{asset.json()['asset_id']}/info/").json()
    assert info["status"] == "Valid", info
    assert info["metadata"]["digest"] == {"dandi:dandi-zarr-checksum": detail["checksum"]}
    assert client.get(f"/api/assets/{asset.json()['asset_id']}/download/").status_code == 400
    version = client.get(f"/api/dandisets/{ident}/versions/draft/info/").json()
    assert version["size"] == detail["size"]

    # A change makes it Pending again, without a checksum, until the next finalize.
    gone = client.delete(f"/api/zarr/{zarr_id}/files/", [{"path": "a/0.1"}], format="json")
    assert gone.status_code == 204
    assert client.get(f"/api/zarr/{zarr_id}/").json()["checksum"] is None
    client.post(f"/api/zarr/{zarr_id}/finalize/")
    remaining = {k: v for k, v in FILES.items() if k != "a/0.1"}
    assert client.get(f"/api/zarr/{zarr_id}/").json()["checksum"] == expected_checksum(remaining)


def test_zarr_requests_are_refused_with_one_clear_reason(client_for: Any, make_user: Any) -> None:
    _, token = make_user()
    _, other_token = make_user()
    client, other = client_for(token), client_for(other_token)
    ident = create_dandiset(client)["identifier"]
    zarr_id = make_zarr(client, ident)

    again = client.post("/api/zarr/", {"name": "sub-1/sample.zarr", "dandiset": ident}, format="json")
    assert (again.status_code, again.json()) == (400, "Zarr already exists")
    listed = client.get(f"/api/zarr/?dandiset={ident}&name=sub-1/sample.zarr").json()["results"]
    assert [z["zarr_id"] for z in listed] == [zarr_id]
    assert other.post("/api/zarr/", {"name": "x.zarr", "dandiset": ident}, format="json").status_code == 403
    assert client_for(None).post(f"/api/zarr/{zarr_id}/finalize/").status_code == 401
    files_url = f"/api/zarr/{zarr_id}/files/"
    assert other.post(files_url, [{"path": "a", "base64md5": b64md5(b"")}], format="json").status_code == 403
    for bad in ("/abs", "a/../b", "a//b", ""):
        response = client.post(files_url, [{"path": bad, "base64md5": b64md5(b"")}], format="json")
        assert response.status_code == 400, bad
    wrong_md5 = client.post(files_url, [{"path": "a", "base64md5": "bm90IGFuIG1kNQ=="}], format="json")
    assert wrong_md5.status_code == 400
    assert "base64md5" in str(wrong_md5.json())
    too_many = [{"path": f"f{i}", "base64md5": b64md5(b"")} for i in range(256)]
    assert client.post(files_url, too_many, format="json").status_code == 400
    assert client.post(files_url, {"path": "not a list"}, format="json").status_code == 400
    assert client.get("/api/zarr/not-a-uuid/").status_code == 404

    elsewhere = create_dandiset(client)["identifier"]
    metadata = {"path": "x.zarr", "schemaKey": "Asset"}
    foreign = client.post(
        f"/api/dandisets/{elsewhere}/versions/draft/assets/",
        {"metadata": metadata, "zarr_id": zarr_id},
        format="json",
    )
    assert foreign.status_code == 404
    both = client.post(
        f"/api/dandisets/{ident}/versions/draft/assets/",
        {"metadata": metadata, "zarr_id": zarr_id, "blob_id": zarr_id},
        format="json",
    )
    assert both.status_code == 400


def test_embargoed_zarr_files_are_tagged_until_unembargo(client_for: Any, make_user: Any, s3: Any) -> None:
    _, token = make_user()
    client = client_for(token)
    ident = create_dandiset(client, embargo=True)["identifier"]
    zarr_id = make_zarr(client, ident)
    urls = put_files(client, zarr_id, {"a/0": b"secret chunk"})
    assert "x-amz-tagging" in urls[0]
    key = f"zarr/{zarr_id}/a/0"
    assert s3.get_object_tagging(Bucket="dandi-test-data", Key=key)["TagSet"] == [
        {"Key": "embargoed", "Value": "true"}
    ]
    assert client_for(None).get(f"/api/zarr/{zarr_id}/").status_code == 401
    assert client.post(f"/api/dandisets/{ident}/unembargo/").status_code == 202
    assert s3.get_object_tagging(Bucket="dandi-test-data", Key=key)["TagSet"] == []
    assert client_for(None).get(f"/api/zarr/{zarr_id}/").status_code == 200


def test_a_dandiset_with_a_zarr_asset_can_be_deleted(client_for: Any, make_user: Any) -> None:
    _, token = make_user()
    client = client_for(token)
    ident = create_dandiset(client)["identifier"]
    zarr_id = make_zarr(client, ident)
    metadata = {"path": "sub-1/sample.zarr", "schemaKey": "Asset"}
    asset = client.post(
        f"/api/dandisets/{ident}/versions/draft/assets/",
        {"metadata": metadata, "zarr_id": zarr_id},
        format="json",
    )
    assert asset.status_code == 200, asset.content
    assert client.delete(f"/api/dandisets/{ident}/").status_code == 204
    assert client.get(f"/api/zarr/{zarr_id}/").status_code == 404
    assert client.get(f"/api/assets/{asset.json()['asset_id']}/").status_code == 404


def test_reconcile_finishes_an_ingest_whose_task_was_lost(client_for: Any, make_user: Any) -> None:
    from archive.models import ZarrArchive, ZarrStatus
    from archive.services import reconcile
    from django.utils import timezone

    _, token = make_user()
    client = client_for(token)
    zarr_id = make_zarr(client, create_dandiset(client)["identifier"])
    put_files(client, zarr_id, FILES)
    ZarrArchive.objects.filter(zarr_id=zarr_id).update(status=ZarrStatus.UPLOADED)  # finalized, task lost
    assert reconcile.reconcile(now=timezone.now() + timedelta(hours=1))["zarrs"] >= 1
    assert client.get(f"/api/zarr/{zarr_id}/").json()["checksum"] == expected_checksum(FILES)
