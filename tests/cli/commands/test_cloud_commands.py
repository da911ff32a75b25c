"""CLI commands on cloud stacks (up, preview, destroy, refresh, outputs) and their errors, through CliRunner,
with the recording `pulumi` test double on PATH: exit code, exact output and the exact engine calls.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cli.main import app
from cli.options import State
from cli.terminal import Terminal

runner = CliRunner()

URN = "urn:pulumi:{env}::dandi-stack::{type}::{name}"
BUCKET = "aws:s3/bucket:Bucket"


def meta(op: str, name: str, *, env: str = "staging", type_: str = BUCKET, protect: bool = False, diffs=None):
    data = {
        "op": op,
        "urn": URN.format(env=env, type=type_, name=name),
        "type": type_,
        "provider": "",
        "new": {"protect": protect},
    }
    if diffs:
        data["diffs"] = diffs
    return data


def pre(*args, **kwargs):
    return {"resourcePreEvent": {"metadata": meta(*args, **kwargs)}}


def done(*args, **kwargs):
    return {"resOutputsEvent": {"metadata": meta(*args, **kwargs)}}


def summary(duration: int = 4, **changes):
    return {"summaryEvent": {"resourceChanges": changes, "durationSeconds": duration}}


def op_calls(double, *ops):
    return [c for c in double.calls() if c[0] in ops]


def invoke(args, *, prompt: bool = False, input: str | None = None):
    obj = State(terminal=Terminal(interactive=False, can_prompt=prompt))
    return runner.invoke(app, args, obj=obj, input=input)


@pytest.fixture
def ready(project, pulumi_double, passphrase, cloud_credentials):
    """Everything a cloud command needs; the staging stack exists with two outputs, one secret."""
    pulumi_double.set_scenario(
        {
            "stacks": {
                "staging": {
                    "tags": {},
                    "outputs": {"api_url": "https://api.staging.example-archive.org", "token": "s3cr3t"},
                    "secret_outputs": ["token"],
                }
            }
        }
    )
    return pulumi_double


def with_events(double, op, events, **extra):
    scenario = double.state()
    scenario.setdefault("events", {})[op] = events
    scenario.update(extra)
    double.set_scenario(scenario)


# -- up ------------------------------------------------------------------------------------------------------


def test_up_yes_applies_with_progress_lines_summary_and_outputs(ready):
    with_events(
        ready,
        "up",
        [
            pre("create", "data"),
            done("create", "data"),
            {
                "diagnosticEvent": {
                    "message": "slow API\n",
                    "severity": "warning",
                    "urn": URN.format(env="staging", type=BUCKET, name="data"),
                }
            },
            summary(create=1, same=2),
        ],
    )
    result = invoke(["up", "staging", "--yes"])
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "Updating staging...\n"
        f" + create {BUCKET} data\n"
        "warning: data: slow API\n"
        "staging: 1 created, 2 unchanged in 4s\n"
    )
    assert result.stdout == (
        "Outputs\nname     value\napi_url  https://api.staging.example-archive.org\ntoken    [secret]\n"
    )
    assert op_calls(ready, "up", "preview") == [
        [
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
    ]
    assert ready.records()[-1]["env"]["PULUMI_BACKEND_URL"].endswith("/project/.state/pulumi")


def test_first_up_of_an_environment_says_it_created_the_stack(
    project, pulumi_double, passphrase, cloud_credentials
):
    pulumi_double.set_scenario({"events": {"up": [summary(create=30)], "preview": [summary(create=30)]}})
    result = invoke(["up", "prod", "--yes"])
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "Updating prod...\n"
        f"created the new stack prod in file://{project}/.state/pulumi\n"
        "prod: 30 created, 0 unchanged in 4s\n"
    )
    assert ["stack", "init", "prod", "--secrets-provider", "passphrase"] in pulumi_double.calls()
    again = invoke(["preview", "prod"])
    assert "created the new" not in again.stderr


def test_first_preview_says_it_created_an_empty_stack(project, pulumi_double, passphrase, cloud_credentials):
    pulumi_double.set_scenario({"events": {"preview": [summary(create=30)]}})
    result = invoke(["preview", "prod"])
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "Previewing prod...\n"
        f"created the new (empty) stack prod in file://{project}/.state/pulumi\n"
        "prod: 30 to create, 0 unchanged\n"
    )


def test_up_json_streams_one_event_per_line_and_nothing_else(ready):
    with_events(ready, "up", [pre("create", "data"), done("create", "data"), summary(create=1)])
    result = invoke(["up", "staging", "--yes", "--json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["kind"] for line in lines] == ["resource-pre", "resource-done", "summary", "cancel"]
    assert lines[0] == {
        "kind": "resource-pre",
        "name": "data",
        "op": "create",
        "type": BUCKET,
        "urn": URN.format(env="staging", type=BUCKET, name="data"),
    }
    assert lines[2] == {"kind": "summary", "changes": {"create": 1}, "duration_seconds": 4}
    assert result.stderr == ""


def test_up_previews_then_asks_and_applies_on_yes(ready):
    with_events(ready, "preview", [pre("update", "data", diffs=["tags"]), summary(update=1, same=3)])
    with_events(ready, "up", [summary(update=1, same=3)])
    result = invoke(["up", "staging"], prompt=True, input="y\n")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "Previewing staging...\n"
        "Plan for staging: 1 to update, 3 unchanged\n"
        "Apply these changes to staging? [y/N]:"
        "Updating staging...\n"
        "staging: 1 updated, 3 unchanged in 4s\n"
    )
    assert [c[0] for c in op_calls(ready, "up", "preview")] == ["preview", "up"]


def test_up_declined_changes_nothing(ready):
    with_events(ready, "preview", [pre("update", "data"), summary(update=1)])
    result = invoke(["up", "staging"], prompt=True, input="n\n")
    assert result.exit_code == 1
    assert result.stderr.endswith("error: not applied: staging is unchanged\n")
    assert [c[0] for c in op_calls(ready, "up", "preview")] == ["preview"]


def test_up_without_terminal_or_yes_refuses_before_the_engine(ready):
    result = invoke(["up", "staging"])
    assert result.exit_code == 1
    assert (
        result.stderr == "error: `up staging` needs confirmation; re-run with --yes to apply without asking\n"
    )
    assert op_calls(ready, "up", "preview") == []


def test_up_with_no_changes_stops_after_preview(ready):
    with_events(ready, "preview", [summary(same=5)])
    result = invoke(["up", "staging"], prompt=True)
    assert result.exit_code == 0
    assert result.stderr.endswith("Plan for staging: 5 unchanged\nstaging is up to date\n")
    assert [c[0] for c in op_calls(ready, "up", "preview")] == ["preview"]


def test_up_resource_failure_is_shown_as_it_happens_and_exits_nonzero(ready):
    failed = {"resOpFailedEvent": {"metadata": meta("create", "data"), "status": 1, "steps": 1}}
    error = {
        "diagnosticEvent": {
            "message": "creating bucket: BucketAlreadyExists\nmore detail",
            "severity": "error",
            "urn": URN.format(env="staging", type=BUCKET, name="data"),
        }
    }
    with_events(
        ready,
        "up",
        [pre("create", "data"), error, failed, summary(create=0)],
        fail={"up": {"code": 255, "stderr": "error: update failed"}},
    )
    result = invoke(["up", "staging", "--yes"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Updating staging...\n"
        "error: data: creating bucket: BucketAlreadyExists\n"
        f"error: create failed: {BUCKET} data\n"
        "error: pulumi failed on stack 'staging' (exit code 255): update failed\n"
    )


def test_up_unknown_option_is_a_usage_error(ready):
    result = invoke(["up", "staging", "--workers=3"])
    assert result.exit_code == 2
    assert "No such option: --workers" in result.stderr
    assert ready.calls() == []


# -- the local environment hand-over -------------------------------------------------------------------


LOCAL_CALLS: list[dict] = []


@pytest.fixture
def app_with_local(monkeypatch):
    """The CLI with the local environment's start recorded instead of run."""
    LOCAL_CALLS.clear()
    monkeypatch.setattr("cli.commands.local.start", lambda terminal, **values: LOCAL_CALLS.append(values))
    return app


def test_up_without_env_hands_over_to_the_local_environment(app_with_local, project):
    result = runner.invoke(app_with_local, ["up", "--port", "9001", "--database-url", "postgres://x"])
    assert result.exit_code == 0, result.output
    assert LOCAL_CALLS == [
        {
            "port": 9001,
            "s3_port": 9000,
            "postgres_port": 55432,
            "ui_port": 8085,
            "state_dir": None,
            "database_url": "postgres://x",
            "foreground": False,
            "timeout": 120,
        }
    ]
    assert runner.invoke(app_with_local, ["up", "local"]).exit_code == 0
    assert LOCAL_CALLS[-1]["port"] == 8000
    assert LOCAL_CALLS[-1]["database_url"] is None


def test_up_help_shows_cloud_and_local_options(app_with_local):
    result = runner.invoke(app_with_local, ["up", "--help"])
    for flag in ("--yes", "--json", "--backend", "--project-dir", "--port", "--database-url", "--state-dir"):
        assert flag in result.stdout


def test_local_options_are_refused_for_cloud_environments(app_with_local, ready):
    result = runner.invoke(app_with_local, ["up", "staging", "--port", "9001", "--yes"])
    assert result.exit_code == 2
    assert result.stderr == "error: --port: only for the local environment, not staging\n"
    assert LOCAL_CALLS == []
    assert ready.calls() == []


def test_local_option_from_the_environment_does_not_block_cloud_up(app_with_local, ready, monkeypatch):
    monkeypatch.setenv("DANDI_STACK_DATABASE_URL", "postgres://local")
    with_events(ready, "up", [summary(same=1)])
    result = runner.invoke(app_with_local, ["up", "staging", "--yes"])
    assert result.exit_code == 0, result.output
    assert LOCAL_CALLS == []


# -- preview -------------------------------------------------------------------------------------------------


def test_preview_table_and_summary(ready):
    with_events(
        ready,
        "preview",
        [
            pre("update", "data", diffs=["tags", "versioning"]),
            pre("replace", "zone", type_="aws:route53/zone:Zone", protect=True),
            pre("same", "logs"),
            summary(update=1, replace=1, same=1),
        ],
    )
    result = invoke(["preview", "staging"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Changes to staging\n"
        "op       type                   name  protected  changed\n"
        f"update   {BUCKET}   data             tags, versioning\n"
        "replace  aws:route53/zone:Zone  zone  yes\n"
    )
    assert result.stderr == "Previewing staging...\nstaging: 1 to update, 1 to replace, 1 unchanged\n"
    assert op_calls(ready, "preview") == [
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
        ]
    ]


def test_preview_diff_passes_diff_and_shows_engine_text(ready):
    with_events(ready, "preview", [summary(same=1)])
    result = invoke(["preview", "staging", "--diff"])
    assert result.exit_code == 0
    assert op_calls(ready, "preview")[0][:3] == ["preview", "--diff", "--color"]
    assert result.stdout.startswith("  ~ aws:s3/bucketV2:BucketV2 data  [diff: ~tags]\n")


def test_preview_json(ready):
    with_events(ready, "preview", [pre("create", "data"), summary(create=1, same=2)])
    result = invoke(["preview", "staging", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "environment": "staging",
        "changes": {"create": 1, "same": 2},
        "steps": [
            {
                "op": "create",
                "urn": URN.format(env="staging", type=BUCKET, name="data"),
                "type": BUCKET,
                "name": "data",
                "protect": False,
                "diffs": [],
            }
        ],
    }


def test_preview_markdown_flags_replacements_and_protected_resources(ready, tmp_path):
    with_events(
        ready,
        "preview",
        [
            pre("replace", "data", protect=True, diffs=["bucket"]),
            pre("create-replacement", "data", protect=True),
            pre("delete-replaced", "data", protect=True),
            pre("create", "logs"),
            summary(replace=1, create=1),
        ],
    )
    report = tmp_path / "preview.md"
    result = invoke(["preview", "staging", "--markdown", str(report)])
    assert result.exit_code == 0, result.output
    assert report.read_text() == (
        "### `dandi-stack preview staging`\n"
        "\n"
        "**Summary:** create 1, replace 1\n"
        "\n"
        "> [!CAUTION]\n"
        f"> **1 resource(s) will be REPLACED** (deleted and re-created): `{BUCKET}` `data`\n"
        "\n"
        "> [!WARNING]\n"
        "> **Protected resources affected:** `data` (BLOCKED: replace)\n"
        "\n"
        "| op | type | name | protected | changed properties |\n"
        "|---|---|---|---|---|\n"
        f"| **REPLACE** | `{BUCKET}` | `data` | yes | bucket |\n"
        f"| create | `{BUCKET}` | `logs` |  |  |\n"
    )
    assert f"wrote {report}\n" in result.stderr


# -- refresh / outputs ---------------------------------------------------------------------------------------


def test_refresh(ready):
    with_events(ready, "refresh", [summary(duration=2, same=6)])
    result = invoke(["refresh", "staging"])
    assert result.exit_code == 0
    assert result.stderr == "Refreshing staging...\nstaging: 6 unchanged in 2s\n"
    assert op_calls(ready, "refresh") == [
        [
            "refresh",
            "--skip-preview",
            "--yes",
            "--color",
            "never",
            "--exec-kind",
            "auto.local",
            "--event-log",
            "EVENTLOG",
            "--stack",
            "staging",
        ]
    ]


def test_outputs_mask_secrets_unless_asked(ready):
    result = invoke(["outputs", "staging", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "api_url": "https://api.staging.example-archive.org",
        "token": "[secret]",
    }
    shown = invoke(["outputs", "staging", "--json", "--show-secrets"])
    assert json.loads(shown.stdout)["token"] == "s3cr3t"
    table = invoke(["outputs", "staging"])
    assert table.stdout == (
        "Outputs\nname     value\napi_url  https://api.staging.example-archive.org\ntoken    [secret]\n"
    )


def test_outputs_need_no_provider_credentials(project, pulumi_double, passphrase, monkeypatch):
    monkeypatch.delenv("AWS_ACCESS_KEY_ID", raising=False)
    pulumi_double.set_scenario({"stacks": {"staging": {"tags": {}, "outputs": {"a": 1}}}})
    result = invoke(["outputs", "staging", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"a": 1}


def test_outputs_of_a_stack_never_created(project, pulumi_double, passphrase):
    result = invoke(["outputs", "prod"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: stack 'prod' does not exist in backend file://{project}/.state/pulumi; "
        "run `dandi-stack up prod` first\n"
    )


def test_backend_option_reaches_the_engine(ready):
    result = invoke(["outputs", "staging", "--backend", "s3://state-bucket/dandi"])
    assert result.exit_code == 0
    engine_calls = [r for r in ready.records() if r["argv"] != ["version"]]
    assert engine_calls
    assert {r["env"]["PULUMI_BACKEND_URL"] for r in engine_calls} == {"s3://state-bucket/dandi"}


# -- destroy -------------------------------------------------------------------------------------------------


@pytest.fixture
def prod_stack(project, pulumi_double, passphrase, cloud_credentials):
    pulumi_double.set_scenario(
        {
            "stacks": {
                "prod": {
                    "tags": {},
                    "resources": [
                        {"urn": URN.format(env="prod", type=BUCKET, name="data"), "protect": True},
                        {
                            "urn": URN.format(env="prod", type="aws:iam/user:User", name="api"),
                            "protect": False,
                        },
                    ],
                }
            },
            "events": {"destroy": [summary(duration=9, delete=1)]},
        }
    )
    return pulumi_double


def test_destroy_prod_without_terminal_refuses_without_confirm(prod_stack):
    result = invoke(["destroy", "prod", "--yes"])
    assert result.exit_code == 1
    assert result.stderr == (
        "error: refusing to destroy prod without a terminal: it is a production environment; "
        "pass --confirm prod to proceed\n"
    )
    assert op_calls(prod_stack, "destroy") == []


def test_destroy_prod_with_wrong_confirm(prod_stack):
    result = invoke(["destroy", "prod", "--confirm", "staging"])
    assert result.exit_code == 1
    assert result.stderr == "error: --confirm staging does not match the stack name prod; nothing destroyed\n"
    assert op_calls(prod_stack, "destroy") == []


def test_destroy_prod_with_confirm_keeps_protected_resources(prod_stack):
    result = invoke(["destroy", "prod", "--confirm", "prod"])
    assert result.exit_code == 0, result.output
    assert op_calls(prod_stack, "destroy") == [
        [
            "destroy",
            "--skip-preview",
            "--yes",
            "--color",
            "never",
            "--exclude-protected",
            "--exec-kind",
            "auto.local",
            "--event-log",
            "EVENTLOG",
            "--stack",
            "prod",
        ]
    ]
    assert result.stderr == (
        "Destroying prod...\n"
        "prod: 1 deleted, 0 unchanged in 9s\n"
        "kept 1 protected resource(s):\n"
        f"  {URN.format(env='prod', type=BUCKET, name='data')}\n"
    )


def test_destroy_prod_interactively_needs_the_name_typed(prod_stack):
    wrong = invoke(["destroy", "prod"], prompt=True, input="yes\n")
    assert wrong.exit_code == 1
    assert wrong.stderr == (
        "prod: it is a production environment. Type the stack name to destroy it:"
        "error: the name typed does not match prod; nothing destroyed\n"
    )
    assert op_calls(prod_stack, "destroy") == []
    right = invoke(["destroy", "prod"], prompt=True, input="prod\n")
    assert right.exit_code == 0, right.output
    assert len(op_calls(prod_stack, "destroy")) == 1


def test_destroy_staging_with_protected_resources_needs_the_name_too(ready):
    scenario = ready.state()
    scenario["stacks"]["staging"]["resources"] = [{"urn": "urn:x", "protect": True}]
    ready.set_scenario(scenario)
    result = invoke(["destroy", "staging", "--yes"])
    assert result.exit_code == 1
    assert result.stderr == (
        "error: refusing to destroy staging without a terminal: it holds 1 protected resource(s); "
        "pass --confirm staging to proceed\n"
    )


def test_destroy_unprotected_stack_goes_with_yes(ready):
    with_events(ready, "destroy", [summary(duration=1, delete=3)])
    refused = invoke(["destroy", "staging"])
    assert refused.exit_code == 1
    assert refused.stderr == "error: refusing to destroy staging without confirmation; pass --yes\n"
    result = invoke(["destroy", "staging", "--yes"])
    assert result.exit_code == 0, result.output
    assert result.stderr == "Destroying staging...\nstaging: 3 deleted, 0 unchanged in 1s\n"
    assert "--exclude-protected" not in op_calls(ready, "destroy")[0]


# -- errors common to every cloud command --------------------------------------------------------------------

CLOUD_COMMANDS = [
    ["up", "staging", "--yes"],
    ["preview", "staging"],
    ["destroy", "staging", "--yes"],
    ["refresh", "staging"],
    ["outputs", "staging"],
]


@pytest.mark.parametrize("args", CLOUD_COMMANDS, ids=lambda a: a[0])
def test_unknown_environment_lists_known_ones(project, args):
    result = invoke([args[0], "qa", *args[2:]])
    assert result.exit_code == 2
    assert result.stderr == "error: unknown environment 'qa'; known environments: local, prod, staging\n"


@pytest.mark.parametrize("args", CLOUD_COMMANDS, ids=lambda a: a[0])
def test_pulumi_missing_from_path(project, no_pulumi, passphrase, cloud_credentials, args):
    result = invoke(args)
    assert result.exit_code == 1
    assert result.stderr == (
        "error: the `pulumi` CLI is not on PATH; install it (curl -fsSL https://get.pulumi.com | sh, or "
        "brew install "
        "pulumi) and add ~/.pulumi/bin to PATH, then retry\n"
    )


@pytest.mark.parametrize("args", CLOUD_COMMANDS, ids=lambda a: a[0])
def test_pulumi_too_old(ready, args):
    scenario = ready.state()
    scenario["version"] = "3.99.0"
    ready.set_scenario(scenario)
    result = invoke(args)
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "error: the `pulumi` CLI on PATH is version 3.99.0, dandi-stack needs >= 3.200.0; upgrade it (pulumi "
        "self-update, or re-run the installer) and retry\n"
    )
    assert ready.calls() == [["version"]]


@pytest.mark.parametrize("args", CLOUD_COMMANDS, ids=lambda a: a[0])
def test_missing_passphrase(project, pulumi_double, cloud_credentials, monkeypatch, args):
    monkeypatch.delenv("PULUMI_CONFIG_PASSPHRASE", raising=False)
    monkeypatch.delenv("PULUMI_CONFIG_PASSPHRASE_FILE", raising=False)
    result = invoke(args)
    assert result.exit_code == 1
    assert result.stderr == (
        "error: no secrets passphrase: set PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE to "
        "a file "
        "holding it); it encrypts this stack's secrets in the state backend, so keep it in a password "
        "manager\n"
    )
    assert pulumi_double.calls() == []


@pytest.mark.parametrize(
    ("unset", "line"),
    [
        (
            "AWS_ACCESS_KEY_ID",
            "missing AWS credentials: AWS_ACCESS_KEY_ID is not set (set AWS_ACCESS_KEY_ID and "
            "AWS_SECRET_ACCESS_KEY (or AWS_PROFILE))",
        ),
        (
            "AWS_SECRET_ACCESS_KEY",
            "missing AWS credentials: AWS_SECRET_ACCESS_KEY is not set (set AWS_ACCESS_KEY_ID "
            "and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE))",
        ),
        (
            "HEROKU_API_KEY",
            "missing Heroku credentials: HEROKU_API_KEY is not set (set HEROKU_API_KEY (heroku "
            "authorizations:create) or the secret stack config heroku:apiKey)",
        ),
        (
            "NETLIFY_AUTH_TOKEN",
            "missing Netlify credentials: NETLIFY_AUTH_TOKEN is not set (set NETLIFY_AUTH_TOKEN "
            "(a Netlify personal access token) or the secret stack config "
            "dandi-stack:netlify.auth_token)",
        ),
    ],
)
@pytest.mark.parametrize("args", [a for a in CLOUD_COMMANDS if a[0] != "outputs"], ids=lambda a: a[0])
def test_missing_credentials_name_the_variable(ready, monkeypatch, unset, line, args):
    monkeypatch.delenv(unset)
    result = invoke(args)
    assert result.exit_code == 1
    assert result.stderr == f"error: {line}\n"
    assert ready.calls() == []


def test_credentials_from_stack_config_are_enough(ready, project, monkeypatch):
    monkeypatch.delenv("NETLIFY_AUTH_TOKEN")
    monkeypatch.delenv("HEROKU_API_KEY")
    path = project / "Pulumi.staging.yaml"
    path.write_text(path.read_text() + "  heroku:apiKey:\n    secure: v1:abc\n", encoding="utf-8")
    text = path.read_text().replace(
        "  dandi-stack:netlify:\n    account_slug: example-lab\n",
        "  dandi-stack:netlify:\n    account_slug: example-lab\n    auth_token:\n      secure: v1:def\n",
    )
    path.write_text(text, encoding="utf-8")
    with_events(ready, "refresh", [summary(same=1)])
    result = invoke(["refresh", "staging"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("args", CLOUD_COMMANDS, ids=lambda a: a[0])
def test_stack_locked_by_another_update(ready, args):
    locked = {
        "code": 255,
        "stderr": "error: the stack is currently locked by 1 lock(s). Either wait for the other "
        "process(es) to end or delete the lock file with `pulumi cancel`.",
    }
    ready.set_scenario(
        {
            **ready.state(),
            "fail": {
                "up": locked,
                "preview": locked,
                "destroy": locked,
                "refresh": locked,
                "stack output": locked,
                "stack export": locked,
            },
        }
    )
    result = invoke(args)
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "error: stack 'staging' is locked by another update in progress; wait for it to finish (or, if "
        "it crashed, "
        "run `pulumi cancel --stack staging` / `pulumi stack export | import`) and retry\n"
    )


@pytest.mark.parametrize("args", CLOUD_COMMANDS, ids=lambda a: a[0])
def test_config_errors_from_the_model_one_line_each(ready, project, args):
    (project / "Pulumi.staging.yaml").write_text(
        "config:\n  dandi-stack:kind: staging\n  dandi-stack:domain: Not_A_Domain\n  dandi-stack:prefix: "
        "exarch\n",
        encoding="utf-8",
    )
    result = invoke(args)
    assert result.exit_code == 2
    assert result.stderr == (
        "error: Pulumi.staging.yaml: dandi-stack:domain: 'Not_A_Domain' is not a lowercase DNS name "
        "(e.g. example-archive.org)\n"
    )
    assert ready.calls() == []


def test_local_is_not_a_stack(project):
    result = invoke(["preview", "local"])
    assert result.exit_code == 2
    assert (
        result.stderr
        == "error: `local` is not a Pulumi stack; use `dandi-stack up` / `down` / `status` for it\n"
    )


def test_unexpected_errors_are_one_line_and_debug_shows_the_traceback(ready, monkeypatch):
    from stacks.ops import engine

    def boom(self, on_event=None):
        raise ValueError("kaput")

    monkeypatch.setattr(engine.Engine, "refresh", boom)
    result = invoke(["refresh", "staging"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Refreshing staging...\nerror: unexpected ValueError: kaput (re-run with --debug for the traceback)\n"
    )
    debug = invoke(["--debug", "refresh", "staging"])
    assert isinstance(debug.exception, ValueError)
    assert debug.exit_code == 1
