"""The Automation API glue against a real `pulumi` CLI and a throw-away file:// backend: stack create/select,
tags, listing, outputs, protected-resource export and removal. Needs no cloud account (no resource is
created), only the binary, which cannot be installed on the development machines: skipped there, run
wherever `pulumi` is on PATH.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from stacks.environments import CODE_ROOT
from stacks.ops.engine import Engine

pytestmark = [
    pytest.mark.engine,
    pytest.mark.skipif(
        shutil.which("pulumi") is None, reason="needs the real `pulumi` CLI on PATH (not installed)"
    ),
]
REPO = CODE_ROOT


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    for path in REPO.glob("Pulumi*.yaml"):
        shutil.copy(path, root / path.name)
    return root


def test_stack_lifecycle_on_a_file_backend(project, tmp_path, monkeypatch):
    monkeypatch.setenv("PULUMI_CONFIG_PASSPHRASE", "engine test passphrase")
    monkeypatch.setenv("PULUMI_HOME", str(tmp_path / "pulumi-home"))
    backend = f"file://{tmp_path / 'state'}"
    engine = Engine(project, "sandbox-engine", backend)
    (project / "Pulumi.sandbox-engine.yaml").write_text("config: {}\n")
    engine.stack(create=True)
    engine.set_tags({"dandi-stack:owner": "ci", "dandi-stack:ttl": "1h"})
    tags = engine.tags()
    assert tags["dandi-stack:owner"] == "ci"
    assert tags["dandi-stack:ttl"] == "1h"
    assert "sandbox-engine" in [s.name for s in engine.list_stacks()]
    assert engine.outputs() == {}
    assert engine.protected_resources() == []
    engine.remove()
    assert "sandbox-engine" not in [s.name for s in engine.list_stacks()]
