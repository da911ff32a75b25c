"""Fixtures for tests that run a real local environment: each gets a fresh state dir and free ports, and is
always brought down afterwards, even when the test fails midway."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.localenv import Env, run_cli, start


@pytest.fixture
def state_dir(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "state"
    yield path
    run_cli("down", "--state-dir", str(path))


@pytest.fixture
def local_env(state_dir: Path) -> Env:
    return start(state_dir)
