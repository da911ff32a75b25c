"""`dandi-stack plan ENV`: the environment's full resource graph rendered offline (Pulumi mocks, no engine, no
credentials), or with `--base GITREF` the difference from that git revision. Deterministic: sorted, no
randomness.
"""

from __future__ import annotations

from typing import Annotated

import typer

from cli import options
from stacks.environments import project_dir_from, require_cloud_environment
from stacks.errors import UsageError


def plan(
    ctx: typer.Context,
    env: options.Env,
    json_output: options.Json = False,
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Markdown on stdout (for a PR comment).")
    ] = False,
    base: Annotated[
        str | None,
        typer.Option(
            "--base", metavar="GITREF", help="Show what changed since this git revision (e.g. origin/main)."
        ),
    ] = None,
    project_dir: options.ProjectDir = None,
) -> None:
    """List every resource ENV declares (type, name, parent, protect, key inputs; secrets redacted)."""
    from stacks.plan import report as plan_report
    from stacks.plan.snapshot import base_snapshot, diff, snapshot

    if json_output and markdown:
        raise UsageError("--json and --markdown are exclusive; pick one")
    terminal = options.terminal(ctx)
    root = project_dir_from(project_dir)
    require_cloud_environment(root, env)
    head = snapshot(env, root)
    if base is not None:
        plan_diff = diff(base_snapshot(env, root, base), head)
        if json_output:
            terminal.display_json(plan_report.diff_json(env, base, plan_diff))
        elif markdown:
            terminal.echo(plan_report.diff_markdown(env, base, plan_diff).rstrip("\n"))
        else:
            for line in plan_report.diff_lines(env, base, plan_diff):
                terminal.echo(line)
        return
    if json_output:
        terminal.display_json(plan_report.plan_json(env, head))
    elif markdown:
        terminal.echo(plan_report.plan_markdown(env, head).rstrip("\n"))
    else:
        rows = plan_report.resource_rows(head)
        terminal.display_table(
            f"{env}: {len(rows)} resources (offline render)",
            ["type", "name", "parent", "protect", "retain", "key inputs"],
            rows,
        )


def register(app: typer.Typer) -> None:
    app.command()(plan)
