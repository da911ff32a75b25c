"""DANDI's API contract where the official dandi client (PyPI `dandi`) is the one that notices: its own test
flows (dandi's tests/test_dandiapi.py: text_dandiset, set_asset_metadata, rename) against the live app."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import requests

from tests.app.test_e2e_client import api_client, dandiset_folder, run_dandi

if TYPE_CHECKING:
    from tests.app import services

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

TEXT_FILES = {
    "file.txt": "This is test text.\n",
    "subdir1/apple.txt": "Apple\n",
    "subdir2/banana.txt": "Banana\n",
    "subdir2/coconut.txt": "Coconut\n",
}


@pytest.fixture
def text_dandiset(
    live: services.LiveApp, tokens: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Any:
    """dandi's own text_dandiset: four text files uploaded with `dandi upload --allow-any-path`."""
    client = api_client(live, tokens["owner"])
    dandiset = client.create_dandiset("Text", {})
    folder = dandiset_folder(tmp_path / "text", dandiset.identifier)
    for path, text in TEXT_FILES.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(text)
    monkeypatch.setenv("DANDI_DEVEL", "1")  # the client offers --allow-any-path only then
    upload = run_dandi(
        live,
        "upload",
        "-i",
        live.url,
        "--allow-any-path",
        "--validation",
        "skip",
        cwd=folder,
        token=tokens["owner"],
    )
    assert upload.returncode == 0, upload.stdout + upload.stderr
    return client.get_dandiset(dandiset.identifier, "draft")


def test_publish_right_after_upload_waits_for_pending_assets(text_dandiset: Any) -> None:
    """wait_until_valid() returns once the draft is Valid and asset_validation_errors is empty; the server
    lists every unvalidated asset there (as DANDI does), so publish() never meets a Pending asset."""
    info = text_dandiset.client.get(f"/dandisets/{text_dandiset.identifier}/versions/draft/info/")
    pending = [e for e in info["asset_validation_errors"] if e["message"].startswith("asset is currently")]
    assert all(e["field"] == "" and e["path"] in TEXT_FILES for e in pending), pending
    metadata = text_dandiset.get_raw_metadata()
    metadata.update({"description": "Published at once", "license": ["spdx:CC-BY-4.0"]})
    metadata["contributor"][0]["name"] = "Lovelace, Ada"
    text_dandiset.set_raw_metadata(metadata)
    text_dandiset.wait_until_valid()
    published = text_dandiset.publish()
    assert {a.path for a in published.get_assets()} == set(TEXT_FILES)


def test_set_asset_metadata_keeps_what_the_client_set(text_dandiset: Any) -> None:
    from datetime import UTC, datetime

    asset = text_dandiset.get_asset_by_path("file.txt")
    md = asset.get_metadata()
    md.blobDateModified = datetime(2038, 1, 19, 3, 14, 7, tzinfo=UTC)
    asset.set_metadata(md)
    assert asset.get_raw_metadata()["blobDateModified"] == "2038-01-19T03:14:07Z"


def test_rename_onto_an_existing_file_is_refused(text_dandiset: Any) -> None:
    asset1 = text_dandiset.get_asset_by_path("file.txt")
    asset2 = text_dandiset.get_asset_by_path("subdir1/apple.txt")
    with pytest.raises(requests.HTTPError) as refused:
        asset1.rename("subdir1/apple.txt")
    assert refused.value.response.status_code == 409
    assert text_dandiset.get_asset_by_path("file.txt").path == "file.txt"
    assert text_dandiset.get_asset_by_path("subdir1/apple.txt").identifier == asset2.identifier


@pytest.mark.parametrize(
    ("dest", "named"),
    [("subdir1", "subdir1 is a folder"), ("subdir1/apple.txt/core.dat", "subdir1/apple.txt is a file")],
)
def test_rename_that_would_make_a_path_both_file_and_folder_is_a_409_naming_it(
    text_dandiset: Any, dest: str, named: str
) -> None:
    from dandi.exceptions import NotFoundError

    asset1 = text_dandiset.get_asset_by_path("file.txt")
    with pytest.raises(requests.HTTPError) as refused:
        asset1.rename(dest)
    assert refused.value.response.status_code == 409
    assert named in refused.value.response.json()
    assert asset1.path == "file.txt"
    assert text_dandiset.get_asset_by_path("file.txt").get_raw_metadata()["path"] == "file.txt"
    with pytest.raises(NotFoundError):
        text_dandiset.get_asset_by_path(dest)


def test_listing_leaves_embargoed_dandisets_out_unless_asked(
    live: services.LiveApp, tokens: dict[str, str]
) -> None:
    client = api_client(live, tokens["owner"])
    embargoed = client.create_dandiset("Hidden by default", {}, embargo=True)
    open_one = client.create_dandiset("Listed", {})
    listed = {d.identifier for d in client.get_dandisets()}
    assert open_one.identifier in listed
    assert embargoed.identifier not in listed
    assert embargoed.identifier in {d.identifier for d in client.get_dandisets(embargoed=True)}


def test_citation_names_the_contributors_marked_for_it(
    live: services.LiveApp, tokens: dict[str, str]
) -> None:
    client = api_client(live, tokens["owner"])
    dandiset = client.create_dandiset("Hippocampal recordings.", {})
    metadata = dandiset.get_raw_metadata()
    metadata["contributor"] = [
        {
            "schemaKey": "Person",
            "name": "Tingley, David",
            "roleName": ["dcite:Author"],
            "includeInCitation": True,
        },
        {
            "schemaKey": "Person",
            "name": "Hidden, Helper",
            "roleName": ["dcite:DataCurator"],
            "includeInCitation": False,
        },
        {
            "schemaKey": "Person",
            "name": "Buzsáki, György",
            "roleName": ["dcite:ContactPerson"],
            "includeInCitation": True,
        },
    ]
    dandiset.set_raw_metadata(metadata)
    citation = dandiset.get_raw_metadata()["citation"]
    year = int(client.get(f"/dandisets/{dandiset.identifier}/versions/draft/info/")["modified"][:4])
    url = f"{live.env['DJANGO_DANDI_WEB_APP_URL']}/dandiset/{dandiset.identifier}/draft"
    assert citation == (
        f"Tingley, David; Buzsáki, György ({year}) Hippocampal recordings (Version draft) [Data set]. "
        f"DANDI Archive. {url}"
    )
