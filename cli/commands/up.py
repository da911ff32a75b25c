"""`dandi-stack up [ENV]`: create or update an environment.

ENV=local (the default) starts the local clone (cli/commands/local.py `start`; its options are declared here,
once, in cli/options.py); any other ENV is a Pulumi stack: preview, confirm, apply, with live progress and a
summary. The local options are refused for a cloud ENV when given on the command line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli import options
from cli.cloud import open_engine
from cli.commands import local
from cli.progress import Progress, display_outputs, slowest_line, summary_line
from stacks.environments import LOCAL
from stacks.errors import RefusedError, UsageError

LOCAL_ONLY = (
    "port",
    "s3_port",
    "postgres_port",
    "ui_port",
    "state_dir",
    "database_url",
    "foreground",
    "timeout",
)


def up(
    ctx: typer.Context,
    env: Annotated[
        str, typer.Argument(metavar="ENV", help="Environment to bring up (default: local).")
    ] = LOCAL,
    yes: options.Yes = False,
    json_events: Annotated[
        bool,
        typer.Option("--json", help="Stream engine events as JSON lines on stdout (cloud environments)."),
    ] = False,
    backend: options.Backend = None,
    project_dir: options.ProjectDir = None,
    port: options.Port = 8000,
    s3_port: options.S3Port = 9000,
    postgres_port: options.PostgresPort = 55432,
    ui_port: options.UiPort = 8085,
    state_dir: options.StateDir = None,
    database_url: options.DatabaseUrl = None,
    foreground: options.Foreground = False,
    timeout: options.Timeout = 120,
) -> None:
    """Create or update ENV. Without ENV, start the local clone on this machine."""
    if env == LOCAL:
        local.start(
            options.terminal(ctx),
            port=port,
            s3_port=s3_port,
            postgres_port=postgres_port,
            ui_port=ui_port,
            state_dir=state_dir,
            database_url=database_url,
            foreground=foreground,
            timeout=timeout,
        )
        return
    given = [name for name in LOCAL_ONLY if _from_command_line(ctx, name)]
    if given:
        flags = ", ".join("--" + name.replace("_", "-") for name in given)
        raise UsageError(f"{flags}: only for the local environment, not {env}")
    up_cloud(ctx, env, yes=yes, json_events=json_events, backend=backend, project_dir=project_dir)


def _from_command_line(ctx: typer.Context, name: str) -> bool:
    """Given on the command line (not a default, not picked up from an environment variable)."""
    source = ctx.get_parameter_source(name)
    return source is not None and source.name == "COMMANDLINE"


def up_cloud(
    ctx: typer.Context,
    env: str,
    *,
    yes: bool,
    json_events: bool,
    backend: str | None,
    project_dir: Path | None,
) -> None:
    terminal = options.terminal(ctx)
    engine, _ = open_engine(env, project_dir, backend)
    if not yes:
        if json_events or not terminal.can_prompt:
            raise RefusedError(f"`up {env}` needs confirmation; re-run with --yes to apply without asking")
        with Progress(terminal, f"Previewing {env}") as progress:
            planned = engine.preview(progress.on_event)
        if engine.created:
            terminal.display_info(f"created the new (empty) stack {env} in {engine.backend_url}")
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
    if engine.created and yes:  # without --yes the preview already said so
        terminal.display_info(f"created the new stack {env} in {engine.backend_url}")
    terminal.display_success(f"{env}: {summary_line(result)}")
    slowest = slowest_line(progress.durations)
    if slowest:
        terminal.display_info(slowest)
    display_outputs(terminal, engine.outputs())


def register(app: typer.Typer) -> None:
    app.command("up")(up)
