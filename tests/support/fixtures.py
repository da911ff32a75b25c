"""Fixtures of the CLI and engine tests: the recording `pulumi` test double and a throw-away project directory."""

from __future__ import annotations

import json
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from stacks.environments import CODE_ROOT

DOUBLE_SOURCE = Path(__file__).resolve().parent / "pulumi_double.py"


@dataclass
class PulumiDouble:
    """Handle on the `pulumi` test double installed on PATH (see tests/support/pulumi_double.py)."""

    bin_dir: Path
    scenario_path: Path
    log_path: Path

    def set_scenario(self, scenario: dict) -> None:
        self.scenario_path.write_text(json.dumps(scenario), encoding="utf-8")

    def state(self) -> dict:
        return json.loads(self.scenario_path.read_text(encoding="utf-8"))

    def records(self) -> list[dict]:
        if not self.log_path.exists():
            return []
        return [json.loads(line) for line in self.log_path.read_text(encoding="utf-8").splitlines()]

    def calls(self) -> list[list[str]]:
        """argv of every invocation, with the SDK's temporary event-log path replaced by EVENTLOG."""
        calls = []
        for record in self.records():
            argv = list(record["argv"])
            if "--event-log" in argv:
                argv[argv.index("--event-log") + 1] = "EVENTLOG"
            calls.append(argv)
        return calls


@pytest.fixture
def pulumi_double(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> PulumiDouble:
    bin_dir = tmp_path / "double-bin"
    bin_dir.mkdir()
    exe = bin_dir / "pulumi"
    exe.write_text(f"#!{sys.executable}\n" + DOUBLE_SOURCE.read_text(encoding="utf-8"), encoding="utf-8")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    double = PulumiDouble(bin_dir, tmp_path / "double-scenario.json", tmp_path / "double-log.jsonl")
    double.set_scenario({})
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setenv("PULUMI_DOUBLE_SCENARIO", str(double.scenario_path))
    monkeypatch.setenv("PULUMI_DOUBLE_LOG", str(double.log_path))
    monkeypatch.delenv("PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK", raising=False)
    return double


@pytest.fixture
def no_pulumi(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """PATH without any `pulumi` (this machine has none; this makes it so everywhere)."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


@pytest.fixture
def passphrase(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("PULUMI_CONFIG_PASSPHRASE", "correct horse battery staple")
    monkeypatch.delenv("PULUMI_CONFIG_PASSPHRASE_FILE", raising=False)
    return "correct horse battery staple"


@pytest.fixture
def cloud_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("AWS_PROFILE", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIATESTTESTTESTTEST")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test-secret")
    monkeypatch.setenv("HEROKU_API_KEY", "test-heroku-key")
    monkeypatch.setenv("NETLIFY_AUTH_TOKEN", "test-netlify-token")


REPO = CODE_ROOT


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the repository's Pulumi.yaml and stack files, selected through $DANDI_STACK_PROJECT_DIR."""
    root = tmp_path / "project"
    root.mkdir()
    for path in REPO.glob("Pulumi*.yaml"):
        (root / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv("DANDI_STACK_PROJECT_DIR", str(root))
    monkeypatch.delenv("DANDI_STACK_BACKEND", raising=False)
    monkeypatch.delenv("DANDI_STACK_DEBUG", raising=False)
    monkeypatch.setenv("DANDI_STACK_OWNER", "alice")
    return root
