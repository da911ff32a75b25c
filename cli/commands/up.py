"""`dandi-stack up [ENV]`: create or update an environment.

ENV=local (the default) belongs to the local environment's own CLI module, `cli/local.py`, whose `up` function
(options such as --port, --database-url) is called with ENV=None; that module is owned by the local runtime,
so its options are merged into this command's signature here rather than declared twice. Any other ENV is a
Pulumi stack: preview, confirm, apply, with live progress and a summary.
"""

from __future__ import annotations

import importlib
import inspect
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from cli import options
from cli.cloud import open_engine
from cli.progress import Progress, display_outputs, slowest_line, summary_line
from stacks.environments import LOCAL
from stacks.errors import RefusedError, UsageError

ORDER = 10
LOCAL_MODULE = "cli.local"


def _cloud_params(
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
) -> None:
    """The parameters `up` always has; the local module's are appended to them."""


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


def local_command() -> Callable[..., Any]:
    """The local environment's `up` (cli/local.py), looked up when the command is built."""
    return importlib.import_module(LOCAL_MODULE).up


def _from_command_line(ctx: typer.Context, name: str) -> bool:
    """Given on the command line (not a default, not picked up from an environment variable)."""
    source = ctx.get_parameter_source(name)
    return source is not None and source.name == "COMMANDLINE"


def build_up(local: Callable[..., Any]) -> Callable[..., None]:
    """The `up` command: the cloud parameters plus the local module's parameters (but ENV)."""
    cloud = inspect.signature(_cloud_params)
    cloud_hints = typing.get_type_hints(_cloud_params, include_extras=True)
    params = [p.replace(annotation=cloud_hints[p.name]) for p in cloud.parameters.values()]
    local_params: list[inspect.Parameter] = []
    hints = typing.get_type_hints(local, include_extras=True)
    taken = set(cloud.parameters)
    for p in inspect.signature(local).parameters.values():
        if p.name == "env":
            continue
        if p.name in taken:
            raise TypeError(f"{LOCAL_MODULE}.up parameter {p.name!r} clashes with a cloud option of `up`")
        local_params.append(
            p.replace(kind=inspect.Parameter.KEYWORD_ONLY, annotation=hints.get(p.name, p.annotation))
        )
    params = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in params]

    def up(**values: Any) -> None:
        ctx, env = values["ctx"], values["env"]
        local_values = {p.name: values[p.name] for p in local_params}
        if env == LOCAL:
            local(env=None, **local_values)
            return
        given = [p.name for p in local_params if _from_command_line(ctx, p.name)]
        if given:
            flags = ", ".join("--" + name.replace("_", "-") for name in given)
            raise UsageError(f"{flags}: only for the local environment, not {env}")
        up_cloud(
            ctx,
            env,
            yes=values["yes"],
            json_events=values["json_events"],
            backend=values["backend"],
            project_dir=values["project_dir"],
        )

    up.__signature__ = inspect.Signature([*params, *local_params])  # type: ignore[attr-defined]
    up.__annotations__ = {p.name: p.annotation for p in [*params, *local_params]}
    up.__doc__ = "Create or update ENV. Without ENV, start the local clone on this machine."
    return up


def register(app: typer.Typer) -> None:
    app.command("up")(build_up(local_command()))
