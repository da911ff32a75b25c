"""stacks/ops/engine.py driven through the real Automation API SDK against the recording `pulumi` test double."""

from __future__ import annotations

from pathlib import Path

import pytest

from stacks import errors
from stacks.ops.engine import Engine, passphrase_env, resolve_backend

CREATE_BUCKET = {
    "resourcePreEvent": {
        "metadata": {
            "op": "create",
            "urn": "urn:pulumi:staging::dandi-stack::aws:s3/bucket:Bucket::data",
            "type": "aws:s3/bucket:Bucket",
            "provider": "",
            "new": {"type": "aws:s3/bucket:Bucket", "urn": "x", "protect": True},
        }
    }
}
CREATED_BUCKET = {"resOutputsEvent": {"metadata": CREATE_BUCKET["resourcePreEvent"]["metadata"]}}
SUMMARY = {
    "summaryEvent": {"resourceChanges": {"create": 1, "same": 4}, "durationSeconds": 3, "maybeCorrupt": False}
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    (root / "Pulumi.yaml").write_text("name: dandi-stack\nruntime: python\nmain: stacks/\n", encoding="utf-8")
    (root / "Pulumi.staging.yaml").write_text("config: {}\n", encoding="utf-8")
    return root


def engine_for(project: Path, env: str = "staging") -> Engine:
    return Engine(project, env, resolve_backend(project, None))


def test_default_backend_is_a_state_dir_in_the_project(project, monkeypatch):
    monkeypatch.delenv("DANDI_STACK_BACKEND", raising=False)
    assert resolve_backend(project, None) == f"file://{project}/.state/pulumi"
    monkeypatch.setenv("DANDI_STACK_BACKEND", "s3://bucket/state")
    assert resolve_backend(project, None) == "s3://bucket/state"
    assert resolve_backend(project, "file:///elsewhere") == "file:///elsewhere"


def test_backend_with_unknown_scheme_is_one_line(project):
    with pytest.raises(errors.UsageError) as info:
        resolve_backend(project, "ftp://x")
    assert str(info.value) == (
        "unsupported state backend 'ftp://x'; use file://DIR, s3://BUCKET[/PREFIX] or https://api.pulumi.com"
    )


def test_passphrase_from_variable_or_file(tmp_path):
    assert passphrase_env({"PULUMI_CONFIG_PASSPHRASE": "p"}) == {"PULUMI_CONFIG_PASSPHRASE": "p"}
    file = tmp_path / "pass"
    file.write_text("p\n", encoding="utf-8")
    assert passphrase_env({"PULUMI_CONFIG_PASSPHRASE_FILE": str(file)}) == {
        "PULUMI_CONFIG_PASSPHRASE_FILE": str(file.resolve())
    }


def test_missing_passphrase_names_both_variables():
    with pytest.raises(errors.MissingPassphraseError) as info:
        passphrase_env({})
    assert str(info.value) == (
        "no secrets passphrase: set PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE to a file "
        "holding "
        "it); it encrypts this stack's secrets in the state backend, so keep it in a password manager"
    )


def test_passphrase_file_that_does_not_exist(tmp_path):
    with pytest.raises(errors.MissingPassphraseError, match="is not a readable file"):
        passphrase_env({"PULUMI_CONFIG_PASSPHRASE_FILE": str(tmp_path / "nope")})


def test_preview_creates_the_stack_and_streams_events(project, pulumi_double, passphrase):
    pulumi_double.set_scenario({"events": {"preview": [CREATE_BUCKET, SUMMARY]}})
    seen = []
    result = engine_for(project).preview(seen.append)
    assert pulumi_double.calls() == [
        ["version"],
        ["stack", "select", "--stack", "staging"],
        ["stack", "init", "staging", "--secrets-provider", "passphrase"],
        [
            "preview",
            "--color",
            "never",
            "--exec-kind",
            "auto.local",
            "--event-log",
            "EVENTLOG",
            "--stack",
            "staging",
        ],
    ]
    record = pulumi_double.records()[-1]
    assert record["cwd"] == str(project)
    assert record["env"] == {
        "PULUMI_BACKEND_URL": f"file://{project}/.state/pulumi",
        "PULUMI_CONFIG_PASSPHRASE": passphrase,
    }
    assert (project / ".state" / "pulumi").is_dir()
    assert [(e.kind, e.op, e.name) for e in seen] == [
        ("resource-pre", "create", "data"),
        ("summary", None, None),
        ("cancel", None, None),
    ]
    assert result.changes == {"create": 1, "same": 4}
    assert [(s.op, s.name, s.protect) for s in result.steps] == [("create", "data", True)]
    assert result.has_changes


def test_up_selects_existing_stack_and_reads_outputs(project, pulumi_double, passphrase):
    pulumi_double.set_scenario(
        {
            "stacks": {
                "staging": {
                    "tags": {},
                    "outputs": {"apiUrl": "https://api.x", "key": "s"},
                    "secret_outputs": ["key"],
                }
            },
            "events": {"up": [CREATE_BUCKET, CREATED_BUCKET, SUMMARY]},
        }
    )
    engine = engine_for(project)
    result = engine.up()
    assert result.duration_seconds == 3
    outputs = engine.outputs()
    assert {k: (v.value, v.secret) for k, v in outputs.items()} == {
        "apiUrl": ("https://api.x", False),
        "key": ("s", True),
    }
    calls = pulumi_double.calls()
    assert calls[1] == ["stack", "select", "--stack", "staging"]
    assert calls[2] == [
        "up",
        "--yes",
        "--skip-preview",
        "--color",
        "never",
        "--exec-kind",
        "auto.local",
        "--event-log",
        "EVENTLOG",
        "--stack",
        "staging",
    ]


def test_destroy_keeps_protected_resources(project, pulumi_double, passphrase):
    pulumi_double.set_scenario(
        {
            "stacks": {
                "prod": {
                    "tags": {},
                    "resources": [{"urn": "urn:b", "protect": True}, {"urn": "urn:a", "protect": False}],
                }
            }
        }
    )
    (project / "Pulumi.prod.yaml").write_text("config: {}\n", encoding="utf-8")
    engine = engine_for(project, "prod")
    assert engine.protected_resources() == ["urn:b"]
    engine.destroy(exclude_protected=True)
    assert pulumi_double.calls()[-2][:5] == ["destroy", "--skip-preview", "--yes", "--color", "never"]
    assert "--exclude-protected" in pulumi_double.calls()[-2]


def test_missing_stack_is_one_line(project, pulumi_double, passphrase):
    with pytest.raises(errors.StackNotFoundError) as info:
        engine_for(project).outputs()
    assert str(info.value) == (
        f"stack 'staging' does not exist in backend file://{project}/.state/pulumi; run `dandi-stack up "
        "staging` first"
    )


def test_locked_stack_is_one_line(project, pulumi_double, passphrase):
    pulumi_double.set_scenario(
        {
            "stacks": {"staging": {"tags": {}}},
            "fail": {
                "up": {
                    "code": 255,
                    "stderr": "error: the stack is currently locked by 1 lock(s). Either wait...",
                }
            },
        }
    )
    with pytest.raises(
        errors.StackLockedError, match=r"^stack 'staging' is locked by another update in progress"
    ):
        engine_for(project).up()


def test_too_old_cli(project, pulumi_double, passphrase):
    pulumi_double.set_scenario({"version": "3.150.2"})
    with pytest.raises(errors.PulumiTooOldError) as info:
        engine_for(project).preview()
    assert str(info.value) == (
        "the `pulumi` CLI on PATH is version 3.150.2, dandi-stack needs >= 3.200.0; upgrade it (pulumi "
        "self-update, or re-run the installer) and retry"
    )
    assert pulumi_double.calls() == [["version"]]


def test_no_pulumi_on_path(project, no_pulumi, passphrase):
    with pytest.raises(errors.PulumiNotFoundError, match=r"^the `pulumi` CLI is not on PATH; install it"):
        engine_for(project).preview()


def test_engine_failure_keeps_the_engines_first_error_line(project, pulumi_double, passphrase):
    pulumi_double.set_scenario(
        {
            "stacks": {"staging": {"tags": {}}},
            "fail": {
                "refresh": {
                    "code": 255,
                    "stderr": "Some noise\nerror: creating S3 bucket: AccessDenied\nmore",
                }
            },
        }
    )
    with pytest.raises(errors.EngineFailedError) as info:
        engine_for(project).refresh()
    assert (
        str(info.value)
        == "pulumi failed on stack 'staging' (exit code 255): creating S3 bucket: AccessDenied"
    )


def test_tags_and_stack_list(project, pulumi_double, passphrase):
    pulumi_double.set_scenario(
        {"stacks": {"staging": {"tags": {}}, "sandbox-a": {"tags": {}, "updating": True}}}
    )
    engine = engine_for(project)
    engine.set_tags({"dandi-stack:owner": "me", "dandi-stack:ttl": "3d"})
    assert engine.tags() == {"dandi-stack:owner": "me", "dandi-stack:ttl": "3d"}
    assert [(s.name, s.update_in_progress) for s in engine.list_stacks()] == [
        ("sandbox-a", True),
        ("staging", False),
    ]


def test_live_progress_on_a_terminal():
    import io

    from rich.console import Console

    from cli.progress import Progress
    from cli.terminal import Terminal
    from stacks.ops.events import Event

    terminal = Terminal(interactive=True)
    buffer = io.StringIO()
    terminal._err = Console(file=buffer, force_terminal=True, width=120, color_system=None)
    with Progress(terminal, "Updating staging") as progress:
        progress.on_event(Event(kind="resource-pre", op="create", type="aws:s3/bucket:Bucket", name="data"))
        progress.on_event(Event(kind="resource-done", op="create", type="aws:s3/bucket:Bucket", name="data"))
        progress.on_event(
            Event(kind="diagnostic", severity="error", name="data", message="AccessDenied\nmore")
        )
        assert progress.counts == {"create": 1}
        panel = Console(file=io.StringIO(), width=120, color_system=None)
        panel.print(progress._panel())
        text = panel.file.getvalue()
    assert "Updating staging" in text
    assert "+ create 1" in text
    assert [line.split() for line in text.splitlines()[1:]] == [
        ["operations", "+", "create", "1"],
        ["current", "create", "aws:s3/bucket:Bucket", "data"],
        ["errors", "1"],
    ]
    assert "error: data: AccessDenied" in buffer.getvalue()


def test_summary_names_the_slowest_resources():
    from cli.progress import slowest_line

    assert (
        slowest_line({"a": 0.2, "b": 12.04, "c": 3.0, "d": 1.5, "e": 2.0})
        == "slowest: b 12.0s, c 3.0s, e 2.0s"
    )
    assert slowest_line({"a": 0.2}) is None


def test_progress_measures_each_resource(monkeypatch):
    from cli import progress as progress_module
    from cli.progress import Progress
    from cli.terminal import Terminal
    from stacks.ops.events import Event

    clock = iter([100.0, 100.0, 107.5])
    monkeypatch.setattr(progress_module.time, "monotonic", lambda: next(clock))
    tracker = Progress(Terminal(interactive=False), "Updating staging")
    tracker.on_event(Event(kind="resource-pre", op="create", urn="urn:a", type="t", name="a"))
    tracker.on_event(Event(kind="resource-done", op="create", urn="urn:a", type="t", name="a"))
    assert tracker.durations == {"a": 7.5}
