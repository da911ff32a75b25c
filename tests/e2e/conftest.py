"""Fixtures for tests that run a real local environment: each gets a fresh state dir and free ports, and is
always brought down afterwards, even when the test fails midway."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.browser import chromium
from tests.support.localenv import Env, run_cli, start


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
    """Debian's Chromium, one per test: a Playwright left running across tests would stop the next test's own
    from starting."""
    with chromium() as browser:
        yield browser
