"""One permission model, every cell a test: five kinds of people against each thing one can do to a dandiset
(in process, real PostgreSQL + moto, tasks eager). The expected answers are DANDI's: anonymous 401, signed-in
but not allowed 403; pending users read what anonymous users read and nothing more."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.app.test_api import add_asset, create_dandiset, initialize_upload, upload_blob
from tests.app.test_publish import make_valid
from tests.app.test_zarr import b64md5, make_zarr, put_files

pytestmark = pytest.mark.integration

ROLES = ["anonymous", "pending", "approved", "owner", "admin"]


@dataclass
class World:
    """An approved owner's dandiset(s) and the client of the person under test."""

    owner: Any
    actor: Any
    actor_user: Any
    ident: str = ""
    asset_id: str = ""
    zarr_id: str = ""


def _world(client_for: Any, make_user: Any, role: str) -> World:
    owner_user, owner_token = make_user()
    owner = client_for(owner_token)
    if role == "anonymous":
        return World(owner=owner, actor=client_for(None), actor_user=None)
    if role == "owner":
        return World(owner=owner, actor=owner, actor_user=owner_user)
    user, token = make_user(admin=role == "admin", status={"pending": "PENDING"}.get(role, "APPROVED"))
    return World(owner=owner, actor=client_for(token), actor_user=user)


def _with_asset(world: World, *, embargo: bool) -> None:
    world.ident = create_dandiset(world.owner, embargo=embargo)["identifier"]
    blob_id = upload_blob(world.owner, dandiset_id=world.ident, data=f"data of {world.ident}\n".encode())
    asset = add_asset(world.owner, dandiset_id=world.ident, path="sub-1/data.bin", blob_id=blob_id)
    assert asset.status_code == 200, asset.content
    world.asset_id = asset.json()["asset_id"]


def _with_zarr(world: World, *, embargo: bool) -> None:
    world.ident = create_dandiset(world.owner, embargo=embargo)["identifier"]
    world.zarr_id = make_zarr(world.owner, world.ident)
    put_files(world.owner, world.zarr_id, {"0/0": b"chunk"})


def read_open(w: World) -> Any:
    _with_asset(w, embargo=False)
    return w.actor.get(f"/api/dandisets/{w.ident}/versions/draft/assets/{w.asset_id}/")


def read_embargoed(w: World) -> Any:
    _with_asset(w, embargo=True)
    return w.actor.get(f"/api/dandisets/{w.ident}/versions/draft/assets/{w.asset_id}/")


def create(w: World) -> Any:
    return w.actor.post("/api/dandisets/?embargo=false", {"name": "Mine", "metadata": {}}, format="json")


def edit_metadata(w: World) -> Any:
    w.ident = create_dandiset(w.owner)["identifier"]
    meta = w.owner.get(f"/api/dandisets/{w.ident}/versions/draft/").json()
    meta["description"] = "edited"
    return w.actor.put(
        f"/api/dandisets/{w.ident}/versions/draft/", {"name": "Edited", "metadata": meta}, format="json"
    )


def upload(w: World) -> Any:
    w.ident = create_dandiset(w.owner)["identifier"]
    return initialize_upload(w.actor, dandiset_id=w.ident, data=f"upload {id(w)}\n".encode())


def delete_asset(w: World) -> Any:
    _with_asset(w, embargo=False)
    return w.actor.delete(f"/api/dandisets/{w.ident}/versions/draft/assets/{w.asset_id}/")


def publish(w: World) -> Any:
    _with_asset(w, embargo=False)
    make_valid(w.owner, w.ident)
    return w.actor.post(f"/api/dandisets/{w.ident}/versions/draft/publish/")


def unembargo(w: World) -> Any:
    _with_asset(w, embargo=True)
    return w.actor.post(f"/api/dandisets/{w.ident}/unembargo/")


def change_owners(w: World) -> Any:
    w.ident = create_dandiset(w.owner)["identifier"]
    owners = w.owner.get(f"/api/dandisets/{w.ident}/users/").json()
    return w.actor.put(f"/api/dandisets/{w.ident}/users/", owners, format="json")


def download_embargoed(w: World) -> Any:
    _with_asset(w, embargo=True)
    return w.actor.get(f"/api/assets/{w.asset_id}/download/")


def list_embargoed_zarr(w: World) -> Any:
    _with_zarr(w, embargo=True)
    return w.actor.get(f"/api/zarr/{w.zarr_id}/files/?prefix=0/")


def download_embargoed_zarr_file(w: World) -> Any:
    _with_zarr(w, embargo=True)
    return w.actor.get(f"/api/zarr/{w.zarr_id}/files/?prefix=0/0&download=true")


def upload_zarr_file(w: World) -> Any:
    _with_zarr(w, embargo=False)
    return w.actor.post(
        f"/api/zarr/{w.zarr_id}/files/", [{"path": "0/1", "base64md5": b64md5(b"more")}], format="json"
    )


# action -> expected status for anonymous, pending, approved non-owner, owner, admin
MATRIX = {
    read_open: (200, 200, 200, 200, 200),
    read_embargoed: (401, 403, 403, 200, 200),
    create: (401, 403, 200, 200, 200),
    edit_metadata: (401, 403, 403, 200, 200),
    upload: (401, 403, 403, 200, 200),
    delete_asset: (401, 403, 403, 204, 204),
    publish: (401, 403, 403, 202, 202),
    unembargo: (401, 403, 403, 202, 202),
    change_owners: (401, 403, 403, 200, 200),
    download_embargoed: (401, 403, 403, 302, 302),
    list_embargoed_zarr: (401, 403, 403, 200, 200),
    download_embargoed_zarr_file: (401, 403, 403, 302, 302),
    upload_zarr_file: (401, 403, 403, 200, 200),
}
# Refused for lack of read access to an embargoed dandiset, whatever the caller's standing.
EMBARGOED_READS = {
    read_embargoed,
    unembargo,
    download_embargoed,
    list_embargoed_zarr,
    download_embargoed_zarr_file,
}
CELLS = [
    pytest.param(action, role, expected[i], id=f"{action.__name__}-{role}")
    for action, expected in MATRIX.items()
    for i, role in enumerate(ROLES)
]


@pytest.mark.parametrize(("action", "role", "expected"), CELLS)
def test_permission_matrix(client_for: Any, make_user: Any, action: Any, role: str, expected: int) -> None:
    world = _world(client_for, make_user, role)
    response = action(world)
    assert response.status_code == expected, (action.__name__, role, response.content)
    if expected == 403 and role == "pending" and action not in EMBARGOED_READS:
        assert "pending approval" in response.content.decode()


def test_an_owner_who_is_not_approved_reads_and_writes_nothing_more(client_for: Any, make_user: Any) -> None:
    """Owning a dandiset gives rights only to an approved user: reject an owner and the rights go."""
    from people.models import Profile

    user, token = make_user()
    client = client_for(token)
    ident = create_dandiset(client, embargo=True)["identifier"]
    assert client.get(f"/api/dandisets/{ident}/").status_code == 200
    Profile.objects.filter(user=user).update(status="REJECTED")
    assert client.get(f"/api/dandisets/{ident}/").status_code == 403
    response = client.post(f"/api/dandisets/{ident}/unembargo/")
    assert (response.status_code, response.json()) == (
        403,
        "You do not have permission to access this embargoed dandiset.",
    )
    listed = client.get("/api/dandisets/?embargoed=true&user=me").json()
    assert listed["count"] == 0
