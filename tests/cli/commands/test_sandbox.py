"""`sandbox create/list/destroy/reap` through CliRunner and the recording `pulumi` test double."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
import yaml
from typer.testing import CliRunner

from cli.commands import sandbox as sandbox_cmd
from cli.main import app
from stacks.config.model import load_environment

runner = CliRunner()
NOW = datetime(2026, 11, 25, 8, 0, 0, tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch):
    monkeypatch.setattr(sandbox_cmd, "_now", lambda: NOW)
    return NOW


@pytest.fixture
def ready(project, pulumi_double, passphrase, cloud_credentials, clock):
    pulumi_double.set_scenario(
        {
            "events": {
                "up": [{"summaryEvent": {"resourceChanges": {"create": 12}, "durationSeconds": 80}}],
                "destroy": [{"summaryEvent": {"resourceChanges": {"delete": 12}, "durationSeconds": 30}}],
            }
        }
    )
    return pulumi_double


def sandbox_stack(created: str, ttl: str, owner: str = "bob") -> dict:
    return {
        "tags": {
            "dandi-stack:owner": owner,
            "dandi-stack:created": created,
            "dandi-stack:ttl": ttl,
            "dandi-stack:from": "staging",
        },
        "resources": [{"urn": "urn:x", "protect": False}],
    }


def test_create_writes_config_tags_the_stack_and_brings_it_up(ready, project):
    result = runner.invoke(app, ["sandbox", "create", "alice", "--ttl", "2d"])
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "Creating sandbox-alice...\n"
        "sandbox-alice: 12 created, 0 unchanged in 80s; expires 2026-11-27T08:00:00Z\n"
    )
    doc = yaml.safe_load((project / "Pulumi.sandbox-alice.yaml").read_text())
    assert doc["config"]["dandi-stack:kind"] == "sandbox"
    assert doc["config"]["dandi-stack:domain"] == "alice.staging.example-archive.org"
    assert doc["config"]["dandi-stack:sandbox"] == {
        "owner": "alice",
        "ttl_hours": 48,
        "created": "2026-11-25T08:00:00Z",
    }
    config = load_environment("sandbox-alice", project)
    assert config.tags == {
        "dandi-stack:environment": "sandbox-alice",
        "dandi-stack:kind": "sandbox",
        "managed-by": "dandi-stack",
        "dandi-stack:owner": "alice",
        "dandi-stack:ttl-hours": "48",
        "dandi-stack:created": "2026-11-25T08:00:00Z",
    }
    assert (config.storage.protect, config.storage.force_destroy, config.dns.parent_zone_id) == (
        False,
        True,
        None,
    )
    assert ready.state()["stacks"]["sandbox-alice"]["tags"] == {
        "dandi-stack:owner": "alice",
        "dandi-stack:created": "2026-11-25T08:00:00Z",
        "dandi-stack:ttl": "2d",
        "dandi-stack:from": "staging",
        "dandi-stack:encryptionsalt": "v1:double-salt-sandbox-alice",
    }
    calls = [c for c in ready.calls() if c != ["version"]]
    assert calls[:3] == [
        ["stack", "select", "--stack", "sandbox-alice"],
        ["stack", "init", "sandbox-alice", "--secrets-provider", "passphrase"],
        ["stack", "select", "--stack", "sandbox-alice"],
    ]
    assert calls[3:8] == [
        ["stack", "tag", "set", "dandi-stack:created", "2026-11-25T08:00:00Z", "--stack", "sandbox-alice"],
        [
            "stack",
            "tag",
            "set",
            "dandi-stack:encryptionsalt",
            "v1:double-salt-sandbox-alice",
            "--stack",
            "sandbox-alice",
        ],
        ["stack", "tag", "set", "dandi-stack:from", "staging", "--stack", "sandbox-alice"],
        ["stack", "tag", "set", "dandi-stack:owner", "alice", "--stack", "sandbox-alice"],
        ["stack", "tag", "set", "dandi-stack:ttl", "2d", "--stack", "sandbox-alice"],
    ]
    assert [c[0] for c in calls].count("up") == 1


def test_sandbox_resources_carry_owner_created_ttl_tags(ready, project):
    assert runner.invoke(app, ["sandbox", "create", "alice", "--ttl", "8h"]).exit_code == 0
    plan = runner.invoke(app, ["plan", "sandbox-alice", "--json"])
    assert plan.exit_code == 0, plan.output
    resources = json.loads(plan.stdout)["resources"]
    buckets = [r for r in resources if r["type"] == "aws:s3/bucket:Bucket"]
    assert buckets
    for bucket in buckets:
        assert (
            bucket["inputs"]["tags"].items()
            >= {
                "dandi-stack:owner": "alice",
                "dandi-stack:created": "2026-11-25T08:00:00Z",
                "dandi-stack:ttl-hours": "8",
            }.items()
        ), bucket["urn"]
    assert not any(r["protect"] for r in resources)


def test_create_drops_secrets_it_cannot_carry_over(ready, project):
    path = project / "Pulumi.staging.yaml"
    doc = yaml.safe_load(path.read_text())
    doc["config"]["dandi-stack:netlify"] = {"account_slug": "example-lab", "auth_token": {"secure": "v1:abc"}}
    path.write_text(yaml.safe_dump(doc))
    result = runner.invoke(app, ["sandbox", "create", "alice"])
    assert result.exit_code == 0, result.output
    assert (
        "warning: not copied from staging: netlify.auth_token (encrypted for that stack; set it with pulumi "
        "config set --secret --path netlify.auth_token --stack sandbox-alice)\n"
    ) in result.stderr
    sandbox_doc = yaml.safe_load((project / "Pulumi.sandbox-alice.yaml").read_text())
    assert sandbox_doc["config"]["dandi-stack:netlify"] == {"account_slug": "example-lab"}


@pytest.mark.parametrize(
    ("ttl", "line"),
    [
        ("3 days", "invalid --ttl '3 days': use a number and a unit m/h/d/w, e.g. 8h or 3d"),
        ("0d", "invalid --ttl '0d': use a number and a unit m/h/d/w, e.g. 8h or 3d"),
        ("5w", "--ttl 5w is longer than the 30d maximum for sandboxes; use staging for longer-lived work"),
    ],
)
def test_create_rejects_bad_ttl(ready, project, ttl, line):
    result = runner.invoke(app, ["sandbox", "create", "alice", "--ttl", ttl])
    assert result.exit_code == 2
    assert result.stderr == f"error: {line}\n"
    assert not (project / "Pulumi.sandbox-alice.yaml").exists()
    assert ready.calls() == []


def test_create_from_unknown_template(ready):
    result = runner.invoke(app, ["sandbox", "create", "alice", "--from", "qa"])
    assert result.exit_code == 2
    assert result.stderr == "error: unknown environment 'qa'; known environments: local, prod, staging\n"


def test_create_twice_refuses_to_overwrite(ready, project):
    assert runner.invoke(app, ["sandbox", "create", "alice"]).exit_code == 0
    again = runner.invoke(app, ["sandbox", "create", "alice"])
    assert again.exit_code == 2
    assert again.stderr == (
        "error: Pulumi.sandbox-alice.yaml already exists; edit it, or pass --force to replace it\n"
    )


def test_list_shows_owner_created_expires_state(ready):
    ready.set_scenario(
        {
            "stacks": {
                "staging": {"tags": {}},
                "sandbox-old": sandbox_stack("2026-11-20T08:00:00Z", "3d"),
                "sandbox-new": sandbox_stack("2026-11-25T07:00:00Z", "8h", owner="carol"),
                "sandbox-odd": {"tags": {}},
            }
        }
    )
    result = runner.invoke(app, ["sandbox", "list"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "sandbox      owner  created               expires               state\n"
        "sandbox-new  carol  2026-11-25T07:00:00Z  2026-11-25T15:00:00Z  active\n"
        "sandbox-odd  -      -                     -                     untagged\n"
        "sandbox-old  bob    2026-11-20T08:00:00Z  2026-11-23T08:00:00Z  expired\n"
    )
    as_json = runner.invoke(app, ["sandbox", "list", "--json"])
    assert json.loads(as_json.stdout)[2] == {
        "stack": "sandbox-old",
        "owner": "bob",
        "state": "expired",
        "created": "2026-11-20T08:00:00Z",
        "expires": "2026-11-23T08:00:00Z",
    }


def test_reap_dry_run_destroys_nothing(ready):
    ready.set_scenario(
        {
            "stacks": {
                "sandbox-old": sandbox_stack("2026-11-20T08:00:00Z", "3d"),
                "sandbox-new": sandbox_stack("2026-11-25T07:00:00Z", "8h"),
            }
        }
    )
    result = runner.invoke(app, ["sandbox", "reap", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "would reap sandbox-old (owner bob, expired 2026-11-23T08:00:00Z)\n"
    assert not [c for c in ready.calls() if c[0] == "destroy"]


def test_reap_destroys_and_removes_only_expired_sandboxes(ready, project):
    scenario = ready.state()
    scenario["stacks"] = {
        "sandbox-old": sandbox_stack("2026-11-20T08:00:00Z", "3d"),
        "sandbox-new": sandbox_stack("2026-11-25T07:00:00Z", "8h"),
        "staging": {"tags": {}},
    }
    ready.set_scenario(scenario)
    (project / "Pulumi.sandbox-old.yaml").write_text("config: {}\n")
    result = runner.invoke(app, ["sandbox", "reap"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "reaping sandbox-old (owner bob, expired 2026-11-23T08:00:00Z)\n"
    assert (
        result.stderr
        == "Destroying sandbox-old...\nsandbox-old: 12 deleted, 0 unchanged in 30s; stack removed\n"
    )
    destroys = [c for c in ready.calls() if c[0] == "destroy"]
    assert [c[-1] for c in destroys] == ["sandbox-old"]
    assert ["stack", "rm", "--yes", "--preserve-config", "sandbox-old"] in ready.calls()
    assert sorted(ready.state()["stacks"]) == ["sandbox-new", "staging"]
    assert not (project / "Pulumi.sandbox-old.yaml").exists()


def test_reap_restores_a_missing_stack_file_from_the_salt_tag(ready, project):
    old = sandbox_stack("2026-11-20T08:00:00Z", "3d")
    old["tags"]["dandi-stack:encryptionsalt"] = "v1:salt-from-create"
    ready.set_scenario({**ready.state(), "stacks": {"sandbox-old": old}})
    assert not (project / "Pulumi.sandbox-old.yaml").exists()  # a CI reaper has only the backend
    result = runner.invoke(app, ["sandbox", "reap"])
    assert result.exit_code == 0, result.output
    (destroy,) = [r for r in ready.records() if r["argv"][0] == "destroy"]
    assert destroy["stack_file"] == "encryptionsalt: v1:salt-from-create\nconfig: {}\n"
    assert not (project / "Pulumi.sandbox-old.yaml").exists()


def test_reap_with_nothing_expired(ready):
    ready.set_scenario({"stacks": {"sandbox-new": sandbox_stack("2026-11-25T07:00:00Z", "8h")}})
    result = runner.invoke(app, ["sandbox", "reap"])
    assert result.exit_code == 0
    assert result.stderr == "no expired sandboxes\n"


def test_destroy_needs_yes_without_terminal(ready, project):
    assert runner.invoke(app, ["sandbox", "create", "alice"]).exit_code == 0
    refused = runner.invoke(app, ["sandbox", "destroy", "alice"])
    assert refused.exit_code == 1
    assert refused.stderr == "error: refusing to destroy sandbox-alice without confirmation; pass --yes\n"
    result = runner.invoke(app, ["sandbox", "destroy", "alice", "--yes"])
    assert result.exit_code == 0, result.output
    assert (
        result.stderr
        == "Destroying sandbox-alice...\nsandbox-alice: 12 deleted, 0 unchanged in 30s; stack removed\n"
    )
    assert not (project / "Pulumi.sandbox-alice.yaml").exists()
    assert "sandbox-alice" not in ready.state()["stacks"]


def test_sandbox_commands_without_pulumi(project, no_pulumi, passphrase, cloud_credentials):
    for args in (["sandbox", "list"], ["sandbox", "reap"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 1
        assert result.stderr.startswith("error: the `pulumi` CLI is not on PATH")
