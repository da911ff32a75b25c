"""Fixtures for the web UI's browser tests: the built UI on a static server, the live API (gunicorn + Celery
on a fresh PostgreSQL database, S3 through moto's server, from tests/support/services.py) seeded through the API
with the official dandi client, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.support import services
from tests.support.browser import chromium
from tests.support.ui import ServedUI

if TYPE_CHECKING:
    from collections.abc import Iterator

DIST = services.REPO / "web" / "dist"
BULK = 22  # more than one page of the list (20 a page)


@dataclass
class Seeded:
    """What the tests find in the archive: identifiers, names, the asset and its bytes, the owner's token."""

    token: str
    mouse: str
    zebrafish: str
    embargoed: str
    asset_path: str
    asset_bytes: bytes
    public_count: int  # dandisets anyone sees: all but the embargoed one, including one that bob owns


@pytest.fixture(scope="session")
def web_dist() -> Path:
    if not (DIST / "index.html").is_file():
        pytest.fail(f"{DIST} is not built: run `npm ci && npm run build` in web/ (./dev test does it)")
    return DIST


@pytest.fixture(scope="session")
def ui(web_dist: Path) -> Iterator[ServedUI]:
    """The UI origin the API allows in CORS; its config.json is set once the API is up."""
    with ServedUI(web_dist) as server:
        yield server


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    with services.moto_s3() as endpoint:
        yield endpoint


@pytest.fixture(scope="session")
def live(
    ui: ServedUI, s3_endpoint: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[services.LiveApp]:
    with services.temporary_database("dandi_web_test") as database_url, services.live_app(
        database_url=database_url, s3_endpoint=s3_endpoint, log_dir=tmp_path_factory.mktemp("web-live-logs"),
        extra_env={"DJANGO_CORS_ALLOWED_ORIGINS": ui.url, "DJANGO_DANDI_WEB_APP_URL": ui.url},
    ) as app:
        ui.config = {"apiUrl": app.api_url}
        yield app


@pytest.fixture(scope="session")
def seeded(live: services.LiveApp, tmp_path_factory: pytest.TempPathFactory) -> Seeded:
    from dandi.dandiapi import DandiAPIClient

    token = live.create_token("alice")
    client = DandiAPIClient(live.api_url, token=token)
    description = {"description": "Extracellular recordings from mouse V1 during visual stimulation."}
    mouse = client.create_dandiset("Mouse visual cortex recordings", description)
    data = b"not really NWB, but bytes the download must return\n"
    folder = tmp_path_factory.mktemp("web-seed")
    for subject in ("sub-01", "sub-02"):
        path = folder / f"{subject}.nwb"
        path.write_bytes(data + subject.encode())
        mouse.upload_raw_asset(path, {"path": f"{subject}/{subject}_ses-1_ecephys.nwb"})
    zebrafish = client.create_dandiset("Zebrafish calcium imaging", {})
    for number in range(BULK):
        client.create_dandiset(f"Bulk dandiset {number:02d}", {})
    embargoed = client.create_dandiset("Embargoed rat hippocampus", {}, embargo=True)
    DandiAPIClient(live.api_url, token=live.create_token("bob")).create_dandiset("Bob's marmoset audio", {})
    return Seeded(
        token=token, mouse=mouse.identifier, zebrafish=zebrafish.identifier, embargoed=embargoed.identifier,
        asset_path="sub-01/sub-01_ses-1_ecephys.nwb", asset_bytes=data + b"sub-01", public_count=3 + BULK,
    )


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    with chromium() as browser:
        yield browser


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser context per test: empty localStorage, so no token carries over."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()
