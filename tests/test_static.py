"""Static checks run by the test suite: mypy over the toolkit and the import-layer contracts (pyproject.toml
[tool.mypy], [tool.importlinter]; README "Architecture" draws the layers)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from stacks.environments import CODE_ROOT

ROOT = CODE_ROOT
BIN = Path(sys.executable).parent


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    """import-linter over `tree`; the app's packages (archive, dandiapp, people) are found under tree/app."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tree), str(tree / "app")])}
    return subprocess.run(
        [str(BIN / "lint-imports"), "--no-cache", "--no-logo"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_mypy_finds_nothing_in_the_toolkit():
    result = subprocess.run(
        [sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, check=False, timeout=900
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_import_layers_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.fixture(scope="module")
def tree_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The packages import-linter reads, copied so a test can add an import that breaks a contract."""
    tree = tmp_path_factory.mktemp("tree")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "migrations")
    for package in ("cli", "components", "stacks", "app/archive", "app/dandiapp", "app/people"):
        shutil.copytree(ROOT / package, tree / package, ignore=ignore)
    shutil.copy(ROOT / "pyproject.toml", tree)
    return tree


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("components/documents/cors.py", "import stacks.config.model", "components import nothing of stacks"),
        ("components/types.py", "import stacks.errors", "layers: nothing imports upward"),
        ("stacks/config/names.py", "import stacks.documents", "layers: nothing imports upward"),
        ("stacks/local/ports.py", "import stacks.program.stack", "layers: nothing imports upward"),
        ("stacks/local/ports.py", "import pulumi", "import no Pulumi"),
        ("components/documents/lifecycle.py", "import pulumi_aws", "import no Pulumi"),
        ("app/archive/errors.py", "import components.types", "the app imports nothing of the toolkit"),
    ],
)
def test_an_import_against_a_layer_breaks_its_contract(tree_copy: Path, module: str, line: str, contract: str):
    path = tree_copy / module
    original = path.read_text()
    path.write_text(f"{original}\n{line}  # noqa\n")
    try:
        result = lint_imports(tree_copy)
    finally:
        path.write_text(original)
    assert result.returncode != 0, result.stdout
    broken = [ln for ln in result.stdout.splitlines() if ln.endswith("BROKEN")]
    assert any(contract in ln for ln in broken), result.stdout
