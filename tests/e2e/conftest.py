"""Fixtures for tests that run a real local environment: each gets a fresh state dir and free ports, and is
always brought down afterwards, even when the test fails midway."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.localenv import Env, run_cli, start
from tests.web.conftest import CHROMIUM, CHROMIUM_ARGS


@pytest.fixture
def state_dir(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "state"
    yield path
    run_cli("down", "--state-dir", str(path))


@pytest.fixture
def local_env(state_dir: Path) -> Env:
    return start(state_dir)


@pytest.fixture
def browser() -> Iterator[Any]:
    """Debian's Chromium under Playwright, one per test: a Playwright left running across tests would stop the
    next test's own from starting."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install it (apt-get install chromium); ./dev test does as root")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()
