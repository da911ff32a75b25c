"""The built UI in Debian's Chromium against the live API: list, search, pagination, detail with folders and a
download that resolves, the token that reveals embargoed dandisets, and the error states."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pytest
import requests

from tests.support.ui import ServedUI

if TYPE_CHECKING:
    from pathlib import Path

    from tests.support.services import LiveApp
    from tests.web.conftest import Seeded

pytestmark = [pytest.mark.integration, pytest.mark.e2e]

NEXT = "Next \N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK}"


def expect(target: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target)


def rows(page: Any) -> Any:
    return page.locator("table.list tbody tr[data-dandiset]")


def test_home_shows_instance_schema_version_and_counts(
    page: Any, ui: ServedUI, live: LiveApp, seeded: Seeded
) -> None:
    info = requests.get(f"{live.url}/server-info", timeout=10).json()
    page.goto(ui.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text(info["instance_config"]["instance_name"])
    expect(page.locator("[data-stat=dandisets] .stat-value")).to_have_text(str(seeded.public_count))
    expect(page.locator("[data-stat=with-data] .stat-value")).to_have_text("1")
    expect(page.locator("[data-stat=schema] .stat-value")).to_have_text(info["schema_version"])
    expect(page.locator("footer")).to_contain_text(live.api_url)


def test_list_shows_dandisets_and_search_filters(page: Any, ui: ServedUI, seeded: Seeded) -> None:
    page.goto(ui.url + "/dandisets?ordering=id")  # the oldest first: the first page holds the mouse dandiset
    mouse = page.locator(f"tr[data-dandiset='{seeded.mouse}']")
    expect(mouse).to_contain_text("Mouse visual cortex recordings")
    expect(mouse.locator("td.num").first).to_have_text("2")
    expect(page.locator(f"tr[data-dandiset='{seeded.embargoed}']")).to_have_count(0)
    expect(page.locator(".summary")).to_have_text(f"{seeded.public_count} dandisets")

    page.get_by_label("Search dandisets").fill("zebrafish")
    expect(rows(page)).to_have_count(1)
    expect(rows(page).first).to_have_attribute("data-dandiset", seeded.zebrafish)
    expect(page.locator(".summary")).to_have_text("1 dandiset matching “zebrafish”")
    assert "search=zebrafish" in page.url

    page.reload()  # the search is in the URL, so a reload (or a shared link) keeps it
    expect(page.get_by_label("Search dandisets")).to_have_value("zebrafish")
    expect(rows(page)).to_have_count(1)

    page.get_by_label("Search dandisets").fill("no such thing")
    expect(page.locator(".empty")).to_have_text("No dandisets to show.")


def test_list_paginates(page: Any, ui: ServedUI, seeded: Seeded) -> None:
    page.goto(ui.url + "/dandisets?search=Bulk&ordering=name")
    expect(rows(page)).to_have_count(20)
    expect(page.locator(".pager")).to_contain_text("Page 1 of 2")
    expect(rows(page).first).to_contain_text("Bulk dandiset 00")
    page.get_by_role("button", name=NEXT).click()
    expect(rows(page)).to_have_count(2)
    expect(rows(page).first).to_contain_text("Bulk dandiset 20")
    expect(page.get_by_role("button", name=NEXT)).to_be_disabled()
    assert "page=2" in page.url


def test_detail_shows_version_info_folders_and_a_download_that_resolves(
    page: Any, ui: ServedUI, live: LiveApp, seeded: Seeded, s3_endpoint: str, tmp_path: Path
) -> None:
    page.goto(ui.url + "/dandisets?search=mouse")
    page.get_by_role("link", name="Mouse visual cortex recordings").click()
    expect(page).to_have_url(re.compile(rf"/dandiset/{seeded.mouse}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mouse visual cortex recordings")
    expect(page).to_have_title(f"Mouse visual cortex recordings ({seeded.mouse}) · DANDI Archive")
    info = requests.get(f"{live.api_url}/dandisets/{seeded.mouse}/versions/draft/info/", timeout=10).json()
    expect(page.locator("[data-field=status]")).to_have_text(info["status"])
    expect(page.locator("[data-field=asset-count]")).to_have_text("2")
    expect(page.locator("[data-field=size]")).to_have_text(f"{info['size']} B")
    expect(page.locator(".description")).to_contain_text("mouse V1")
    # The identifier carries this instance's name, as the API's metadata does.
    expect(page.locator(".badges .identifier")).to_have_text(f"DANDI-STACK-TEST:{seeded.mouse}")

    folder, name = seeded.asset_path.split("/")
    expect(page.locator("table.files tbody tr[data-path]")).to_have_count(2)  # sub-01/ and sub-02/
    page.get_by_role("link", name=f"{folder}/", exact=True).click()
    expect(page).to_have_url(re.compile(rf"location={folder}$"))
    row = page.locator(f"tr[data-path='{seeded.asset_path}']")
    expect(row.locator("td.file")).to_have_text(name)
    page.screenshot(path=str(tmp_path / "dandiset-detail.png"), full_page=True)

    href = row.get_by_role("link", name="Download").get_attribute("href")
    assert href.startswith(f"{live.api_url}/assets/")
    redirect = requests.get(href, allow_redirects=False, timeout=10)
    assert redirect.status_code == 302
    assert redirect.headers["Location"].startswith(s3_endpoint)
    assert requests.get(redirect.headers["Location"], timeout=10).content == seeded.asset_bytes

    page.get_by_role("link", name="↑ Parent folder").click()
    expect(page.get_by_role("link", name="sub-02/", exact=True)).to_be_visible()


def test_a_zarr_asset_points_to_the_client_not_to_a_broken_download(
    page: Any, ui: ServedUI, live: LiveApp, seeded: Seeded
) -> None:
    import base64
    import hashlib

    api, headers = live.api_url, {"Authorization": f"token {seeded.token}"}
    ident = requests.post(
        f"{api}/dandisets/", json={"name": "Zarr holder"}, headers=headers, timeout=10
    ).json()["identifier"]
    zarr_id = requests.post(
        f"{api}/zarr/", json={"name": "sample.zarr", "dandiset": ident}, headers=headers, timeout=10
    ).json()["zarr_id"]
    chunk = b"chunk bytes"
    md5 = base64.b64encode(hashlib.md5(chunk).digest()).decode()  # noqa: S324 - S3's Content-MD5
    (url,) = requests.post(
        f"{api}/zarr/{zarr_id}/files/", json=[{"path": "0.0", "base64md5": md5}], headers=headers, timeout=10
    ).json()
    assert requests.put(url, data=chunk, headers={"Content-MD5": md5}, timeout=10).status_code == 200
    asset = requests.post(
        f"{api}/dandisets/{ident}/versions/draft/assets/",
        json={"metadata": {"path": "sample.zarr"}, "zarr_id": zarr_id},
        headers=headers,
        timeout=10,
    )
    assert asset.status_code == 200, asset.text

    try:
        page.goto(f"{ui.url}/dandiset/{ident}")
        row = page.locator("tr[data-path='sample.zarr']")
        expect(row.locator(".zarr")).to_contain_text("dandi download")
        expect(row.get_by_role("link", name="Download")).to_have_count(0)
    finally:  # other tests count the seeded dandisets
        assert requests.delete(f"{api}/dandisets/{ident}/", headers=headers, timeout=10).status_code == 204


def test_embargoed_dandiset_appears_only_with_the_owners_token(
    page: Any, ui: ServedUI, seeded: Seeded
) -> None:
    page.goto(ui.url + f"/dandiset/{seeded.embargoed}")
    # Anonymous: the API hides it (401 or 404); the page says an owner's token would show it.
    expect(page.get_by_role("alert")).to_contain_text("its owners can enter their API token")

    page.get_by_label("API token").fill(seeded.token)
    page.get_by_role("button", name="Use token").click()
    expect(page.locator(".token")).to_contain_text("Signed in as alice")
    expect(page.get_by_role("heading", level=1)).to_have_text("Embargoed rat hippocampus")
    expect(page.locator(".badges")).to_contain_text("EMBARGOED")

    page.goto(ui.url + "/dandisets")  # a new page load: the token comes back from localStorage
    expect(page.locator(f"tr[data-dandiset='{seeded.embargoed}']")).to_contain_text("EMBARGOED")
    expect(page.locator(".summary")).to_have_text(f"{seeded.public_count + 1} dandisets")
    page.get_by_label("Only mine").check()  # alice owns all but bob's
    expect(page.locator(".summary")).to_have_text(f"{seeded.public_count} dandisets")
    assert "mine=1" in page.url
    page.get_by_label("Only mine").uncheck()
    expect(page.locator(".summary")).to_have_text(f"{seeded.public_count + 1} dandisets")

    page.get_by_role("button", name="Clear token").click()
    expect(page.locator(".summary")).to_have_text(f"{seeded.public_count} dandisets")
    expect(page.locator(f"tr[data-dandiset='{seeded.embargoed}']")).to_have_count(0)


def test_a_rejected_token_is_not_kept(page: Any, ui: ServedUI, seeded: Seeded) -> None:
    page.goto(ui.url + "/dandisets")
    page.get_by_label("API token").fill("0" * 40)
    page.get_by_role("button", name="Use token").click()
    expect(page.locator(".token-problem")).to_have_text("That token was rejected by the API.")
    assert page.evaluate("Object.keys(localStorage)") == []


def test_a_stale_saved_token_shows_the_401_state(page: Any, ui: ServedUI, seeded: Seeded) -> None:
    page.goto(ui.url + "/")
    page.evaluate("localStorage.setItem('dandi-stack.api-token', '0'.repeat(40))")
    page.goto(ui.url + "/dandisets")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Token rejected")
    expect(alert).to_contain_text("401")
    page.get_by_role("button", name="Clear token").click()
    expect(rows(page)).not_to_have_count(0)


def test_unknown_dandiset_and_page_show_not_found(page: Any, ui: ServedUI, seeded: Seeded) -> None:
    page.goto(ui.url + "/dandiset/999999")
    expect(page.get_by_role("alert")).to_contain_text("Not found (404")
    page.goto(ui.url + "/no/such/page")  # the SPA fallback serves index.html; the app says what is wrong
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")


def test_unreachable_api_shows_an_error(page: Any, web_dist: Path) -> None:
    from tests.support.services import free_port

    dead = f"http://127.0.0.1:{free_port()}/api"
    with ServedUI(web_dist, config={"apiUrl": dead}) as server:
        for path in ("/", "/dandisets", "/dandiset/000001"):
            page.goto(server.url + path)
            alert = page.get_by_role("alert")
            expect(alert).to_contain_text("API unreachable")
            expect(alert).to_contain_text(f"Cannot reach the API at {dead}")


def test_without_config_json_the_ui_uses_the_api_on_its_own_origin(
    page: Any, web_dist: Path, live: LiveApp, seeded: Seeded
) -> None:
    with ServedUI(web_dist, config=None, proxy_to=live.url) as server:
        page.goto(server.url + "/dandisets?ordering=id")
        expect(page.locator(f"tr[data-dandiset='{seeded.mouse}']")).to_be_visible()
        expect(page.locator("footer")).to_contain_text("/api (same origin; no config.json)")


def test_config_json_may_name_the_api_host_root(
    page: Any, ui: ServedUI, live: LiveApp, seeded: Seeded
) -> None:
    saved = ui.config
    ui.config = {"apiUrl": live.url + "/"}  # the same origin the API allows in CORS, so reuse that server
    try:
        page.goto(ui.url + f"/dandiset/{seeded.mouse}")
        expect(page.get_by_role("heading", level=1)).to_have_text("Mouse visual cortex recordings")
        expect(page.locator("footer")).to_contain_text(live.api_url)
    finally:
        ui.config = saved


def test_a_broken_config_json_is_named(page: Any, web_dist: Path) -> None:
    with ServedUI(web_dist, config='{"apiUrl": ') as server:
        page.goto(server.url + "/dandisets")
        expect(page.get_by_role("alert")).to_contain_text("config.json is not valid JSON")
