"""The project's ruff selection (pyproject.toml, app/ruff.toml) holds over the whole tree."""

import subprocess
import sys

from stacks.environments import CODE_ROOT

ROOT = CODE_ROOT


def test_ruff_finds_nothing():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
