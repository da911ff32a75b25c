"""The REST API in process against real PostgreSQL and moto's S3 server (tasks run eagerly)."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
import requests

pytestmark = pytest.mark.integration


def _etag_of(data: bytes) -> str:
    from dandischema.digests.dandietag import PartGenerator

    md5s = [
        hashlib.md5(data[p.offset : p.offset + p.size]).digest()  # noqa: S324 - the dandi-etag is md5-based
        for p in PartGenerator.for_file_size(len(data))
    ]
    return f"{hashlib.md5(b''.join(md5s)).hexdigest()}-{len(md5s)}"  # noqa: S324


def create_dandiset(client: Any, *, name: str = "Test dandiset", embargo: bool = False) -> dict:
    response = client.post(
        f"/api/dandisets/?embargo={str(embargo).lower()}", {"name": name, "metadata": {}}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()


def initialize_upload(client: Any, *, dandiset_id: str, data: bytes) -> Any:
    """POST /uploads/initialize/ with the size and dandi-etag of `data`, as the client sends them."""
    return client.post(
        "/api/uploads/initialize/",
        {
            "contentSize": len(data),
            "dandiset": dandiset_id,
            "digest": {"algorithm": "dandi:dandi-etag", "value": _etag_of(data)},
        },
        format="json",
    )


def upload_blob(client: Any, *, dandiset_id: str, data: bytes) -> str:
    """The client's upload protocol: initialize, PUT parts to presigned URLs, complete, validate."""
    init = initialize_upload(client, dandiset_id=dandiset_id, data=data)
    if init.status_code == 409:
        return init["Location"]
    assert init.status_code == 200, init.content
    body = init.json()
    parts = []
    offset = 0
    for part in body["parts"]:
        chunk = data[offset : offset + part["size"]]
        offset += part["size"]
        put = requests.put(part["upload_url"], data=chunk, timeout=30)
        assert put.status_code == 200, put.text
        parts.append({"part_number": part["part_number"], "size": part["size"], "etag": put.headers["ETag"]})
    complete = client.post(f"/api/uploads/{body['upload_id']}/complete/", {"parts": parts}, format="json")
    assert complete.status_code == 200, complete.content
    done = requests.post(complete.json()["complete_url"], data=complete.json()["body"], timeout=30)
    assert done.status_code == 200, done.text
    validate = client.post(f"/api/uploads/{body['upload_id']}/validate/")
    assert validate.status_code == 200, validate.content
    return validate.json()["blob_id"]


def add_asset(client: Any, *, dandiset_id: str, path: str, blob_id: str) -> Any:
    metadata = {"path": path, "encodingFormat": "application/octet-stream", "schemaKey": "Asset"}
    return client.post(
        f"/api/dandisets/{dandiset_id}/versions/draft/assets/",
        {"metadata": metadata, "blob_id": blob_id},
        format="json",
    )


def test_server_info_reports_installed_schema_version(client_for: Any) -> None:
    from dandischema.consts import DANDI_SCHEMA_VERSION

    for url in ("/server-info", "/api/info/"):
        info = client_for(None).get(url).json()
        assert info["schema_version"] == DANDI_SCHEMA_VERSION
        assert info["services"]["api"]["url"] == "http://testserver/api"
        assert info["cli-minimal-version"]
        assert info["cli-bad-versions"] == []


def test_health_reports_database_and_storage(client_for: Any) -> None:
    response = client_for(None).get("/api/health/")
    assert (response.status_code, response.json()) == (200, {"database": "ok", "storage": "ok"})


def test_auth_token_checks_key_without_trailing_slash(client_for: Any, make_user: Any) -> None:
    _, token = make_user()
    assert client_for(token).get("/api/auth/token").status_code == 200
    assert client_for("0" * 40).get("/api/auth/token").status_code == 401
    assert client_for(None).get("/api/auth/token").status_code == 401
    me = client_for(token).get("/api/users/me/").json()
    assert me["name"] == "Ada Lovelace"
    assert me["admin"] is False


def test_create_dandiset_injects_server_metadata(client_for: Any, make_user: Any) -> None:
    from dandischema.consts import DANDI_SCHEMA_VERSION

    _, token = make_user()
    client = client_for(token)
    created = create_dandiset(client, name="My data")
    assert len(created["identifier"]) == 6
    assert created["identifier"].isdigit()
    assert created["embargo_status"] == "OPEN"
    assert created["draft_version"]["name"] == "My data"
    assert created["contact_person"] == "Lovelace, Ada"
    meta = client.get(f"/api/dandisets/{created['identifier']}/versions/draft/").json()
    assert meta["identifier"] == f"DANDI-STACK-TEST:{created['identifier']}"
    assert meta["schemaVersion"] == DANDI_SCHEMA_VERSION
    assert meta["contributor"][0]["roleName"] == ["dcite:ContactPerson"]
    info = client.get(f"/api/dandisets/{created['identifier']}/versions/draft/info/").json()
    # Validation ran (eagerly): a draft with only a name misses required fields such as license/description.
    assert info["status"] == "Invalid"
    assert {e["field"] for e in info["version_validation_errors"]} & {"description", "license"}


def test_version_put_updates_metadata_and_revalidates(client_for: Any, make_user: Any) -> None:
    _, token = make_user()
    client = client_for(token)
    ident = create_dandiset(client)["identifier"]
    meta = client.get(f"/api/dandisets/{ident}/versions/draft/").json()
    meta.update({"description": "A description", "license": ["spdx:CC-BY-4.0"]})
    response = client.put(
        f"/api/dandisets/{ident}/versions/draft/", {"name": "Renamed", "metadata": meta}, format="json"
    )
    assert response.status_code == 200, response.content
    info = client.get(f"/api/dandisets/{ident}/versions/draft/info/").json()
    assert info["name"] == "Renamed"
    assert info["status"] == "Valid", info["version_validation_errors"]


def test_list_pagination_search_and_ordering(client_for: Any, make_user: Any) -> None:
    _, token = make_user()
    client = client_for(token)
    tag = f"needle{id(client)}"
    ids = [create_dandiset(client, name=f"{tag} {i}")["identifier"] for i in range(3)]
    page1 = client.get(f"/api/dandisets/?search={tag}&page_size=2&ordering=-id").json()
    assert page1["count"] == 3
    assert [d["identifier"] for d in page1["results"]] == ids[::-1][:2]
    assert "page=2" in page1["next"]
    page2 = client.get(page1["next"]).json()
    assert [d["identifier"] for d in page2["results"]] == ids[:1]
    mine = client.get("/api/dandisets/?user=me").json()
    assert {d["identifier"] for d in mine["results"]} == set(ids)


def test_malformed_requests_are_400(client_for: Any, make_user: Any) -> None:
    _, token = make_user()
    client = client_for(token)
    assert client.post("/api/dandisets/", "{not json", content_type="application/json").status_code == 400
    assert client.post("/api/dandisets/", {"metadata": {}}, format="json").status_code == 400
    assert client.get("/api/dandisets/?ordering=bogus").status_code == 400
    assert client.get("/api/dandisets/?embargoed=maybe").status_code == 400
    ident = create_dandiset(client)["identifier"]
    bad = client.post(
        "/api/uploads/initialize/",
        {
            "contentSize": 10,
            "dandiset": ident,
            "digest": {"algorithm": "dandi:dandi-etag", "value": "nothex"},
        },
        format="json",
    )
    assert bad.status_code == 400
    assert "dandi-etag" in bad.json()
    assert client.get("/api/dandisets/notanumber/").status_code == 404
    assert client.get(f"/api/dandisets/{ident}/versions/draft/assets/not-a-uuid/").status_code == 404


def test_upload_asset_download_and_sha256(client_for: Any, make_user: Any, s3: Any) -> None:
    _, token = make_user()
    client = client_for(token)
    ident = create_dandiset(client)["identifier"]
    data = b"hello world\n"
    blob_id = upload_blob(client, dandiset_id=ident, data=data)
    key = f"blobs/{blob_id[0:3]}/{blob_id[3:6]}/{blob_id}"
    assert s3.get_object(Bucket="dandi-test-data", Key=key)["Body"].read() == data
    response = add_asset(client, dandiset_id=ident, path="sub/hello.txt", blob_id=blob_id)
    assert response.status_code == 200, response.content
    asset_id = response.json()["asset_id"]
    meta = client.get(f"/api/assets/{asset_id}/").json()
    assert meta["digest"] == {
        "dandi:dandi-etag": "8d780cfbcd9622aa77011564e615065f-1",
        "dandi:sha2-256": hashlib.sha256(data).hexdigest(),
    }
    assert meta["contentSize"] == len(data)
    assert meta["id"] == f"dandiasset:{asset_id}"
    redirect = client_for(None).get(f"/api/assets/{asset_id}/download/")
    assert redirect.status_code == 302
    assert redirect["Location"].startswith("http://127.0.0.1:")
    assert requests.get(redirect["Location"], timeout=10).content == data
    # Same path again is a conflict; the contract's bare-string error.
    conflict = add_asset(client, dandiset_id=ident, path="sub/hello.txt", blob_id=blob_id)
    assert (conflict.status_code, conflict.json()) == (409, "An asset with that path already exists")
    listing = client.get(f"/api/dandisets/{ident}/versions/draft/assets/?path=sub/&metadata=1").json()
    assert [a["path"] for a in listing["results"]] == ["sub/hello.txt"]
    assert listing["results"][0]["metadata"]["path"] == "sub/hello.txt"
    paths = client.get(f"/api/dandisets/{ident}/versions/draft/assets/paths/?path_prefix=").json()
    assert paths["results"] == [
        {"path": "sub", "aggregate_files": 1, "aggregate_size": len(data), "asset": None}
    ]
    globbed = client.get(f"/api/dandisets/{ident}/versions/draft/assets/?glob=*.txt").json()
    assert globbed["count"] == 1
    assert client.get(f"/api/dandisets/{ident}/versions/draft/assets/?glob=*.nwb").json()["count"] == 0


def test_initialize_returns_409_with_location_for_existing_blob(client_for: Any, make_user: Any) -> None:
    _, token = make_user()
    client = client_for(token)
    data = b"dedupe me " * 100
    blob_id = upload_blob(client, dandiset_id=create_dandiset(client)["identifier"], data=data)
    other = create_dandiset(client)["identifier"]
    response = initialize_upload(client, dandiset_id=other, data=data)
    assert response.status_code == 409
    assert response["Location"] == blob_id


def test_validate_rejects_incomplete_upload(client_for: Any, make_user: Any) -> None:
    _, token = make_user()
    client = client_for(token)
    ident = create_dandiset(client)["identifier"]
    data = b"never uploaded"
    init = initialize_upload(client, dandiset_id=ident, data=data).json()
    response = client.post(f"/api/uploads/{init['upload_id']}/validate/")
    assert response.status_code == 400
    assert "does not exist" in response.json()


def test_update_asset_creates_new_id_and_delete(client_for: Any, make_user: Any) -> None:
    _, token = make_user()
    client = client_for(token)
    ident = create_dandiset(client)["identifier"]
    blob_a = upload_blob(client, dandiset_id=ident, data=b"version a")
    blob_b = upload_blob(client, dandiset_id=ident, data=b"version b")
    old = add_asset(client, dandiset_id=ident, path="f.bin", blob_id=blob_a).json()["asset_id"]
    new = client.put(
        f"/api/dandisets/{ident}/versions/draft/assets/{old}/",
        {"metadata": {"path": "f.bin"}, "blob_id": blob_b},
        format="json",
    )
    assert new.status_code == 200
    new_id = new.json()["asset_id"]
    assert new_id != old
    ids = [
        a["asset_id"] for a in client.get(f"/api/dandisets/{ident}/versions/draft/assets/").json()["results"]
    ]
    assert ids == [new_id]
    assert client.delete(f"/api/dandisets/{ident}/versions/draft/assets/{new_id}/").status_code == 204
    assert client.get(f"/api/dandisets/{ident}/versions/draft/assets/").json()["count"] == 0


def test_anonymous_and_non_owner_writes_rejected(client_for: Any, make_user: Any) -> None:
    _, owner_token = make_user()
    _, other_token = make_user()
    owner, other, anon = client_for(owner_token), client_for(other_token), client_for(None)
    ident = create_dandiset(owner)["identifier"]
    blob = upload_blob(owner, dandiset_id=ident, data=b"owned")
    assert anon.post("/api/dandisets/", {"name": "x"}, format="json").status_code == 401
    assert add_asset(anon, dandiset_id=ident, path="a", blob_id=blob).status_code == 401
    assert add_asset(other, dandiset_id=ident, path="a", blob_id=blob).status_code == 403
    body = {
        "contentSize": 5,
        "dandiset": ident,
        "digest": {"algorithm": "dandi:dandi-etag", "value": _etag_of(b"owned")},
    }
    assert other.post("/api/uploads/initialize/", body, format="json").status_code == 403
    assert (
        other.put(
            f"/api/dandisets/{ident}/versions/draft/", {"name": "n", "metadata": {}}, format="json"
        ).status_code
        == 403
    )
    assert other.delete(f"/api/dandisets/{ident}/").status_code == 403
    assert anon.delete(f"/api/dandisets/{ident}/").status_code == 401
    assert owner.delete(f"/api/dandisets/{ident}/").status_code == 204
    assert anon.get(f"/api/dandisets/{ident}/").status_code == 404


def test_embargoed_dandiset_visible_and_downloadable_only_to_owners(
    client_for: Any, make_user: Any, s3: Any
) -> None:
    _, owner_token = make_user()
    _, other_token = make_user()
    owner, other, anon = client_for(owner_token), client_for(other_token), client_for(None)
    created = create_dandiset(owner, embargo=True)
    ident = created["identifier"]
    assert created["embargo_status"] == "EMBARGOED"
    blob_id = upload_blob(owner, dandiset_id=ident, data=b"secret bytes")
    key = f"blobs/{blob_id[0:3]}/{blob_id[3:6]}/{blob_id}"
    assert {
        t["Key"]: t["Value"] for t in s3.get_object_tagging(Bucket="dandi-test-data", Key=key)["TagSet"]
    } == {"embargoed": "true"}
    asset_id = add_asset(owner, dandiset_id=ident, path="secret.bin", blob_id=blob_id).json()["asset_id"]
    assert owner.get(f"/api/assets/{asset_id}/download/").status_code == 302
    assert anon.get(f"/api/assets/{asset_id}/download/").status_code == 401
    assert other.get(f"/api/assets/{asset_id}/download/").status_code == 403
    assert anon.get(f"/api/dandisets/{ident}/").status_code == 401
    assert other.get(f"/api/dandisets/{ident}/versions/draft/assets/").status_code == 403
    assert ident not in {
        d["identifier"] for d in anon.get("/api/dandisets/?page_size=1000").json()["results"]
    }
    # An embargoed blob is not reusable by (nor revealed to) an open dandiset.
    open_ident = create_dandiset(owner)["identifier"]
    init = initialize_upload(owner, dandiset_id=open_ident, data=b"secret bytes")
    assert init.status_code == 200
    assert owner.get(f"/api/dandisets/{ident}/versions/draft/").json()["access"][0]["status"] == (
        "dandi:EmbargoedAccess"
    )


def test_openapi_schema_generates_without_warnings(django_app: Any) -> None:
    import io

    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", stdout=io.StringIO())


def test_openapi_schema_served(client_for: Any) -> None:
    response = client_for(None).get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/uploads/initialize/" in response.content


def test_ordering_by_name(client_for: Any, make_user: Any) -> None:
    _, token = make_user()
    client = client_for(token)
    tag = f"ordered{id(client)}"
    for name in ("b", "c", "a"):
        create_dandiset(client, name=f"{tag} {name}")
    names = [
        d["draft_version"]["name"]
        for d in client.get(f"/api/dandisets/?search={tag}&ordering=-name").json()["results"]
    ]
    assert names == [f"{tag} c", f"{tag} b", f"{tag} a"]


def test_health_names_the_failing_part(client_for: Any) -> None:
    from django.test import override_settings

    with override_settings(DANDI_STORAGE_BUCKET_NAME="no-such-bucket"):
        response = client_for(None).get("/api/health/")
    assert response.status_code == 503
    assert response.json()["database"] == "ok"
    assert response.json()["storage"].startswith("error: ")


def test_concurrent_uploads_of_same_content_keep_one_blob(client_for: Any, make_user: Any, s3: Any) -> None:
    from archive.models import Upload

    _, token = make_user()
    client = client_for(token)
    ident = create_dandiset(client)["identifier"]
    data = b"raced " * 1000
    body = {
        "contentSize": len(data),
        "dandiset": ident,
        "digest": {"algorithm": "dandi:dandi-etag", "value": _etag_of(data)},
    }
    # Both initialize before either finishes, so neither sees the other's blob yet.
    inits = [client.post("/api/uploads/initialize/", body, format="json").json() for _ in range(2)]
    keys = [Upload.objects.get(upload_id=init["upload_id"]).s3_key for init in inits]
    blob_ids = []
    for init in inits:
        (part,) = init["parts"]
        put = requests.put(part["upload_url"], data=data, timeout=30)
        parts = [{"part_number": 1, "size": len(data), "etag": put.headers["ETag"]}]
        done = client.post(
            f"/api/uploads/{init['upload_id']}/complete/", {"parts": parts}, format="json"
        ).json()
        assert requests.post(done["complete_url"], data=done["body"], timeout=30).status_code == 200
        blob_ids.append(client.post(f"/api/uploads/{init['upload_id']}/validate/").json()["blob_id"])
    assert blob_ids[0] == blob_ids[1]
    stored = {
        o["Key"] for o in s3.list_objects_v2(Bucket="dandi-test-data", Prefix="blobs/").get("Contents", [])
    }
    assert keys[0] in stored
    assert keys[1] not in stored  # the losing copy of the bytes was deleted


def test_version_list(client_for: Any, make_user: Any) -> None:
    _, token = make_user()
    client = client_for(token)
    ident = create_dandiset(client)["identifier"]
    versions = client.get(f"/api/dandisets/{ident}/versions/?order=-created").json()
    assert [v["version"] for v in versions["results"]] == ["draft"]
    assert client.get(f"/api/dandisets/{ident}/versions/?order=size").status_code == 400
