"""`dandi-stack up [ENV]`: create or update an environment. ENV=local (the default) is handed to the local
runtime (`stacks.local.up`); any other ENV is a Pulumi stack: preview, confirm, apply, with live progress.
"""

from __future__ import annotations

from typing import Annotated

import typer

from cli import options
from cli.cloud import open_engine
from cli.progress import Progress, display_outputs, summary_line
from stacks.environments import LOCAL
from stacks.errors import RefusedError, UsageError

ORDER = 10


def up(
    ctx: typer.Context,
    env: Annotated[
        str, typer.Argument(metavar="[ENV]", help="Environment to bring up (default: local).")
    ] = LOCAL,
    yes: options.Yes = False,
    json_events: Annotated[
        bool,
        typer.Option("--json", help="Stream engine events as JSON lines on stdout (cloud environments)."),
    ] = False,
    backend: options.Backend = None,
    project_dir: options.ProjectDir = None,
    database_url: Annotated[
        str | None,
        typer.Option(
            "--database-url",
            help="local only: use this PostgreSQL instead of starting one.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Create or update ENV. Without ENV, start the local clone on this machine."""
    terminal = options.terminal(ctx)
    if env == LOCAL:
        _up_local(ctx, project_dir, database_url)
        return
    if database_url is not None:
        raise UsageError("--database-url only applies to the local environment")
    if ctx.args:
        raise UsageError(f"no such option for a cloud environment: {' '.join(ctx.args)}")
    engine, _ = open_engine(env, project_dir, backend)
    if not yes:
        if json_events or not terminal.can_prompt:
            raise RefusedError(f"`up {env}` needs confirmation; re-run with --yes to apply without asking")
        with Progress(terminal, f"Previewing {env}") as progress:
            planned = engine.preview(progress.on_event)
        terminal.display_info(f"Plan for {env}: {summary_line(planned, planned=True)}")
        if not planned.has_changes:
            terminal.display_success(f"{env} is up to date")
            return
        if not terminal.confirm(f"Apply these changes to {env}?"):
            raise RefusedError(f"not applied: {env} is unchanged")
    with Progress(terminal, f"Updating {env}", json_events=json_events) as progress:
        result = engine.up(progress.on_event)
    if json_events:
        return
    terminal.display_success(f"{env}: {summary_line(result)}")
    display_outputs(terminal, engine.outputs())


def _up_local(ctx: typer.Context, project_dir: object, database_url: str | None) -> None:
    """Hand over to the local runtime: `stacks.local.up(project_dir=, database_url=, args=)`, where `args`
    holds any further options (as --name=value) for the local runtime to parse itself.
    """
    import importlib

    try:
        local = importlib.import_module("stacks.local")
    except ModuleNotFoundError as exc:
        if exc.name != "stacks.local":
            raise
        local = None
    handler = getattr(local, "up", None)
    if handler is None:
        raise UsageError(
            "the local environment is not available yet in this build; "
            "use a cloud environment (dandi-stack up ENV)"
        )
    handler(project_dir=project_dir, database_url=database_url, args=list(ctx.args))


def register(app: typer.Typer) -> None:
    app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})(up)
