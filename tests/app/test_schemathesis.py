"""schemathesis over the served OpenAPI schema of the live app: no generated request may cause a 5xx."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import fuzz, services

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


def test_schemathesis_finds_no_server_error(
    live: services.LiveApp, tokens: dict[str, str], tmp_path: Path
) -> None:
    for name, code, output in fuzz.run_schemathesis(live, tokens["owner"], max_examples=15, workdir=tmp_path):
        assert code == 0, f"schemathesis pass '{name}' failed:\n{output[-6000:]}"
        assert "passed" in output
