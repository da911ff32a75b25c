"""GitHub workflows parse, keep secrets away from fork-reachable jobs, and call CLI commands that exist."""

from __future__ import annotations

import re
import shlex

import pytest
import yaml
from typer.testing import CliRunner

from cli.main import app
from stacks.environments import CODE_ROOT

WORKFLOWS = CODE_ROOT / ".github" / "workflows"
runner = CliRunner()


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text())


def triggers(workflow: dict) -> dict:
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` key as true
    return {on: None} if isinstance(on, str) else dict(on)


def run_scripts(workflow: dict) -> list[str]:
    return [step["run"] for job in workflow["jobs"].values() for step in job["steps"] if "run" in step]


def cli_invocations(workflow: dict) -> list[list[str]]:
    """Every `dandi-stack ...` command line of the run scripts, shell variables replaced by sample values."""
    samples = {"$env": "staging", "$BASE_REF": "origin/main", "$GITHUB_STEP_SUMMARY": "summary.md"}
    found = []
    for script in run_scripts(workflow):
        for line in script.splitlines():
            line = line.strip()
            if not line.startswith("dandi-stack "):
                continue
            for var, value in samples.items():
                line = line.replace(var, value)
            argv = shlex.split(re.split(r"\s>>?\s", line)[0])
            found.append(argv[1:])
    return found


ALL = sorted(p.name for p in WORKFLOWS.glob("*.yml"))


def test_the_expected_workflows_exist():
    assert ALL == ["infra-plan-comment.yml", "infra-plan.yml", "infra-preview.yml", "sandbox-reap.yml"]


@pytest.mark.parametrize("name", ALL)
def test_workflow_is_well_formed(name):
    workflow = load(name)
    assert workflow["name"] == name.removesuffix(".yml")
    assert triggers(workflow)
    assert "pull_request_target" not in triggers(workflow), "never run PR code with a write token and secrets"
    for job_name, job in workflow["jobs"].items():
        assert job["runs-on"] == "ubuntu-latest", job_name
        assert job["timeout-minutes"] > 0, job_name
        for step in job["steps"]:
            assert ("uses" in step) != ("run" in step), step
    for script in run_scripts(workflow):
        assert "${{" not in script, f"{name}: pass expressions through env, not into scripts (injection)"


@pytest.mark.parametrize("name", ALL)
def test_cli_commands_in_workflows_exist_with_those_options(name):
    for argv in cli_invocations(load(name)):
        result = runner.invoke(app, [*argv, "--help"])
        assert result.exit_code == 0, f"{name}: dandi-stack {' '.join(argv)}: {result.output}"


def test_offline_plan_runs_on_every_pull_request_without_secrets():
    text = (WORKFLOWS / "infra-plan.yml").read_text()
    workflow = load("infra-plan.yml")
    assert set(triggers(workflow)) == {"pull_request"}
    assert "secrets." not in text
    assert workflow["permissions"] == {"contents": "read"}
    assert "if" not in workflow["jobs"]["plan"]  # forks included
    assert cli_invocations(workflow) == [
        ["plan", "staging", "--base", "origin/main", "--markdown"],
    ]
    assert "for env in staging prod; do" in run_scripts(workflow)[1]
    checkout = workflow["jobs"]["plan"]["steps"][0]
    assert checkout["with"]["fetch-depth"] == 0  # the base branch must be there for --base


def test_plan_comment_never_runs_pull_request_code():
    workflow = load("infra-plan-comment.yml")
    assert triggers(workflow) == {"workflow_run": {"workflows": ["infra-plan"], "types": ["completed"]}}
    steps = workflow["jobs"]["comment"]["steps"]
    assert not any(step.get("uses", "").startswith("actions/checkout") for step in steps)
    assert not run_scripts(workflow)
    assert workflow["permissions"] == {"actions": "read", "pull-requests": "write"}
    assert "pull.head.sha !== context.payload.workflow_run.head_sha" in steps[-1]["with"]["script"]


def test_engine_preview_only_for_same_repository_pull_requests():
    workflow = load("infra-preview.yml")
    job = workflow["jobs"]["preview"]
    assert job["if"] == "github.event.pull_request.head.repo.full_name == github.repository"
    assert job["env"]["PULUMI_CONFIG_PASSPHRASE"] == "${{ secrets.PULUMI_CONFIG_PASSPHRASE }}"
    assert {"AWS_ACCESS_KEY_ID", "HEROKU_API_KEY", "NETLIFY_AUTH_TOKEN", "DANDI_STACK_BACKEND"} <= set(
        job["env"]
    )
    assert cli_invocations(workflow) == [["preview", "staging", "--markdown", "preview-staging.md"]]


def test_sandbox_reap_is_scheduled():
    workflow = load("sandbox-reap.yml")
    (schedule,) = triggers(workflow)["schedule"]
    assert len(schedule["cron"].split()) == 5
    assert "workflow_dispatch" in triggers(workflow)
    assert cli_invocations(workflow) == [["sandbox", "reap", "--dry-run"], ["sandbox", "reap"]]
    assert workflow["concurrency"]["cancel-in-progress"] is False  # never interrupt a destroy
