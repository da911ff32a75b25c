"""`plan`: offline render of every resource, and `plan --base` diffs between git revisions (made in a
temporary repository copied from this checkout, never in the repository itself).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from stacks.config.model import load_environment
from stacks.environments import CODE_ROOT
from stacks.plan.render import render
from stacks.plan.snapshot import diff, flatten

runner = CliRunner()
REPO = CODE_ROOT


@pytest.mark.parametrize("env", ["staging", "prod"])
def test_plan_lists_every_resource_the_mock_harness_sees(project, env):
    seen = render(load_environment(env, project)).resources
    result = runner.invoke(app, ["plan", env, "--json"])
    assert result.exit_code == 0, result.output
    planned = json.loads(result.stdout)["resources"]
    assert [r["urn"] for r in planned] == [r.urn for r in seen]
    assert [(r["type"], r["name"], r["protect"], r["retain_on_delete"]) for r in planned] == [
        (r.type, r.name, r.protect, r.retain_on_delete) for r in seen
    ]
    table = runner.invoke(app, ["plan", env])
    lines = table.stdout.splitlines()
    assert lines[0] == f"{env}: {len(seen)} resources (offline render)"
    assert lines[1].split() == ["type", "name", "parent", "protect", "retain", "key", "inputs"]
    assert [line.split()[:2] for line in lines[2:]] == [[r.type, r.name] for r in seen]


def test_plan_table_shows_parent_protect_and_key_inputs(project):
    result = runner.invoke(app, ["plan", "prod"])
    assert result.exit_code == 0
    bucket = next(line for line in result.stdout.splitlines() if " storage-data " in line)
    assert bucket.split() == [
        "aws:s3/bucket:Bucket",
        "storage-data",
        "storage",
        "yes",
        "yes",
        "bucket=exarch-prod-dandisets",
        "forceDestroy=false",
    ]
    provider = next(line for line in result.stdout.splitlines() if line.startswith("pulumi:providers:aws"))
    assert provider.split()[2] == "(stack)"


def test_plan_redacts_secrets(project):
    result = runner.invoke(app, ["plan", "prod", "--json"])
    data = json.loads(result.stdout)
    assert data["outputs"]["api_secret_access_key"] == "[secret]"
    assert "mock-secret-" not in result.stdout


def test_plan_is_deterministic(project):
    first = runner.invoke(app, ["plan", "staging", "--json"]).stdout
    assert first == runner.invoke(app, ["plan", "staging", "--json"]).stdout


def test_plan_markdown(project):
    result = runner.invoke(app, ["plan", "prod", "--markdown"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    count = len(render(load_environment("prod", project)).resources)
    assert lines[0] == "### `dandi-stack plan prod` (offline render)"
    assert lines[2].startswith(f"{count} resources, ")
    assert lines[4] == "| type | name | parent | protect | retain | key inputs |"
    assert len([line for line in lines if line.startswith("| `")]) == count


def test_plan_json_and_markdown_are_exclusive(project):
    result = runner.invoke(app, ["plan", "prod", "--json", "--markdown"])
    assert result.exit_code == 2
    assert result.stderr == "error: --json and --markdown are exclusive; pick one\n"


def test_plan_unknown_environment(project):
    result = runner.invoke(app, ["plan", "qa"])
    assert result.exit_code == 2
    assert result.stderr == "error: unknown environment 'qa'; known environments: local, prod, staging\n"


def test_plan_config_error(project):
    (project / "Pulumi.prod.yaml").write_text("config:\n  dandi-stack:kind: prod\n  dandi-stack:domain: x\n")
    result = runner.invoke(app, ["plan", "prod"])
    assert result.exit_code == 2
    assert result.stderr == (
        "error: Pulumi.prod.yaml: dandi-stack:domain: 'x' is not a lowercase DNS name (e.g. "
        "example-archive.org)\n"
    )


# -- --base --------------------------------------------------------------------------------------------------


def git(cwd: Path, *args: str) -> str:
    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "PATH": "/usr/bin:/bin",
        "HOME": str(cwd),
    }
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout  # noqa: S607


@pytest.fixture
def clone(tmp_path: Path, monkeypatch) -> Path:
    """A throw-away repository holding this checkout's files (tracked and new), committed once."""
    root = tmp_path / "clone"
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"],  # noqa: S607
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split("\0")
    for name in filter(None, files):
        source = REPO / name
        if source.is_file():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, root / name)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    monkeypatch.setenv("DANDI_STACK_PROJECT_DIR", str(root))
    return root


def change_setting(clone: Path, env: str, old: str, new: str) -> None:
    path = clone / f"Pulumi.{env}.yaml"
    text = path.read_text()
    assert text.count(old) == 1
    path.write_text(text.replace(old, new))
    git(clone, "commit", "-q", "-am", f"{env}: {old.strip()} -> {new.strip()}")


def test_plan_base_reports_exactly_the_changed_setting(clone):
    change_setting(clone, "staging", "blob_noncurrent_days: 14", "blob_noncurrent_days: 21")
    result = runner.invoke(app, ["plan", "staging", "--base", "HEAD~1"])
    assert result.exit_code == 0, result.output
    lifecycle = json.loads(runner.invoke(app, ["plan", "staging", "--json"]).stdout)
    rules = next(r for r in lifecycle["resources"] if r["name"] == "storage-data-lifecycle")["inputs"][
        "rules"
    ]
    index = next(i for i, rule in enumerate(rules) if rule["id"].lower().startswith("blob"))
    assert result.stdout == (
        "Plan diff for staging against HEAD~1: 0 added, 0 removed, 1 changed\n"
        "~ aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration storage-data-lifecycle\n"
        f"    inputs.rules[{index}].noncurrentVersionExpiration.noncurrentDays: 14 -> 21\n"
    )
    as_json = json.loads(runner.invoke(app, ["plan", "staging", "--base", "HEAD~1", "--json"]).stdout)
    assert as_json["changed"] == [
        {
            "type": "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
            "name": "storage-data-lifecycle",
            "urn": next(r["urn"] for r in lifecycle["resources"] if r["name"] == "storage-data-lifecycle"),
            "changes": [
                {
                    "path": f"inputs.rules[{index}].noncurrentVersionExpiration.noncurrentDays",
                    "old": 14,
                    "new": 21,
                }
            ],
        }
    ]
    # prod was not touched by that commit
    prod = runner.invoke(app, ["plan", "prod", "--base", "HEAD~1"])
    assert prod.stdout == "Plan diff for prod against HEAD~1: 0 added, 0 removed, 0 changed\n"


def test_plan_base_added_and_removed_resources_and_markdown(clone):
    text = (clone / "Pulumi.staging.yaml").read_text()
    assert "  dandi-stack:dns:\n    manage: true\n" in text
    before = render(load_environment("staging", clone)).resources
    change_setting(
        clone, "staging", "  dandi-stack:dns:\n    manage: true\n", "  dandi-stack:dns:\n    manage: false\n"
    )
    after = {r.urn for r in render(load_environment("staging", clone)).resources}
    gone = sorted((r.type, r.name) for r in before if r.urn not in after)
    assert ("aws:route53/zone:Zone", "dns-zone") in gone
    assert all(type_.startswith(("aws:route53/", "dandi:dns:")) for type_, _ in gone)
    result = runner.invoke(app, ["plan", "staging", "--base", "HEAD~1"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    removed = sorted(line for line in lines if line.startswith("- "))
    assert removed == sorted(f"- {type_} {name}" for type_, name in gone)
    assert lines[0].startswith(f"Plan diff for staging against HEAD~1: 0 added, {len(gone)} removed, ")
    markdown = runner.invoke(app, ["plan", "staging", "--base", "HEAD~1", "--markdown"]).stdout
    assert markdown.startswith(
        f"### `dandi-stack plan staging --base HEAD~1` (offline)\n\n**0 added, {len(gone)} removed, "
    )
    assert "| **removed** | `aws:route53/zone:Zone` | `dns-zone` | |" in markdown


def test_plan_base_unknown_revision(clone):
    result = runner.invoke(app, ["plan", "staging", "--base", "no-such-branch"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: --base no-such-branch: not a git revision of {clone} (try origin/main or a commit id)\n"
    )


def test_plan_base_where_the_environment_did_not_exist(clone):
    (clone / "Pulumi.qa.yaml").write_text(
        (clone / "Pulumi.staging.yaml")
        .read_text()
        .replace(
            "dandi-stack:kind: staging", "dandi-stack:kind: staging\n  dandi-stack:sentry: {environment: qa}"
        )
        .replace("staging.example-archive.org", "qa.example-archive.org")
    )
    git(clone, "add", "-A")
    git(clone, "commit", "-q", "-m", "qa")
    result = runner.invoke(app, ["plan", "qa", "--base", "HEAD~1"])
    assert result.exit_code == 0, result.output
    count = len(render(load_environment("qa", clone)).resources)
    assert (
        result.stdout.splitlines()[0]
        == f"Plan diff for qa against HEAD~1: {count} added, 0 removed, 0 changed"
    )


def test_plan_base_without_a_renderer_at_that_revision(clone):
    (clone / "stacks" / "plan" / "render.py").unlink()
    git(clone, "commit", "-q", "-am", "no renderer")
    result = runner.invoke(app, ["plan", "staging", "--base", "HEAD"])
    assert result.exit_code == 1
    head = git(clone, "rev-parse", "HEAD").strip()[:12]
    assert result.stderr == (
        f"error: cannot render staging at HEAD ({head}): no offline renderer at this revision "
        "(No module named 'stacks.plan.render')\n"
    )


# -- the diff itself -----------------------------------------------------------------------------------------


def test_flatten_opens_json_documents():
    assert flatten({"policy": '{"Statement": [{"Effect": "Deny"}]}', "n": 1}) == {
        "policy.Statement[0].Effect": "Deny",
        "n": 1,
    }


def test_diff_reports_protect_and_parent_changes():
    urn = "urn:pulumi:s::p::t::a"
    old = {
        "resources": [
            {
                "urn": urn,
                "type": "t",
                "name": "a",
                "protect": False,
                "retain_on_delete": False,
                "parent": None,
                "dependencies": [],
                "inputs": {"x": 1},
            }
        ]
    }
    new = json.loads(json.dumps(old))
    new["resources"][0]["protect"] = True
    changed = diff(old, new).changed
    assert [(c.path, c.old, c.new) for c in changed[0].changes] == [("protect", False, True)]


def test_paths_inside_the_checkout_compare_across_checkouts():
    from stacks.plan.snapshot import normalized

    roots = ("/tmp/dandi-stack-base-x/", "/tmp/dandi-stack-base-x")
    assert normalized({"source": {"path": "/tmp/dandi-stack-base-x/app"}, "n": 3.0}, roots) == {
        "source": {"path": "<project>/app"},
        "n": 3,
    }
    assert (
        normalized("/tmp/dandi-stack-base-xy/app", ("/tmp/dandi-stack-base-x",))
        == "/tmp/dandi-stack-base-xy/app"
    )


def test_plan_into_a_reader_that_went_away_exits_quietly():
    """`plan prod | head` must not end in a BrokenPipeError line: the reader closed before plan wrote."""
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "cli", "plan", "prod"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO,
    )
    proc.stdout.close()
    with proc.stderr:
        stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141
    assert "BrokenPipe" not in stderr
    assert "error:" not in stderr
