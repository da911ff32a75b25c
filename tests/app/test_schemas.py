"""/api/schemas/: the JSON schema the web UI's metadata editor is built from is the very document dandischema
publishes for its release (publish_model_schemata writes the files DANDI serves from its schema repository)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(("model", "filename"), [("Dandiset", "dandiset.json"), ("Asset", "asset.json")])
def test_schema_is_what_dandischema_publishes(client_for: Any, tmp_path: Path, model: str, filename: str) -> None:
    from dandischema.metadata import publish_model_schemata

    published = json.loads((publish_model_schemata(tmp_path) / filename).read_text())
    response = client_for(None).get(f"/api/schemas/?model={model}")
    assert response.status_code == 200
    assert response.json() == published


def test_schema_defaults_to_dandiset_and_names_server_owned_fields(client_for: Any) -> None:
    schema = client_for(None).get("/api/schemas/").json()
    assert schema["title"] == "Dandiset"
    read_only = {key for key, node in schema["properties"].items() if node.get("readOnly")}
    assert {"id", "identifier", "citation", "assetsSummary", "manifestLocation", "version", "url"} <= read_only
    assert not read_only & {"name", "description", "contributor", "license", "keywords"}


def test_unknown_model_is_one_clear_400(client_for: Any) -> None:
    response = client_for(None).get("/api/schemas/?model=Nope")
    assert response.status_code == 400
    assert "model" in response.json()
