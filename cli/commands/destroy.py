"""`dandi-stack destroy ENV`: tear an environment down.

Production, and any stack whose state holds protected resources, needs the stack name typed back (or
`--confirm ENV` when nobody can type); protected resources are kept (`--exclude-protected`), so data
buckets survive. Other stacks (sandboxes) go with `--yes` or a y/N answer.
"""

from __future__ import annotations

from typing import Annotated

import typer

from cli import options
from cli.cloud import is_production, open_engine
from cli.progress import Progress, summary_line
from cli.terminal import Terminal
from stacks.errors import RefusedError
from stacks.ops.engine import Engine

Confirm = Annotated[
    str | None,
    typer.Option(
        "--confirm",
        metavar="ENV",
        help="The stack name, typed in advance (required without a terminal "
        "for prod or stacks with protected resources).",
    ),
]


def destroy(
    ctx: typer.Context,
    env: options.Env,
    confirm: Confirm = None,
    yes: options.Yes = False,
    backend: options.Backend = None,
    project_dir: options.ProjectDir = None,
) -> None:
    """Delete every resource of ENV (protected ones are kept)."""
    terminal = options.terminal(ctx)
    engine, config = open_engine(env, project_dir, backend)
    run_destroy(terminal, engine, production=is_production(config), confirm=confirm, yes=yes)


def run_destroy(
    terminal: Terminal, engine: Engine, *, production: bool, confirm: str | None, yes: bool
) -> None:
    env = engine.env
    protected = engine.protected_resources()
    if production or protected:
        why = (
            "it is a production environment"
            if production
            else f"it holds {len(protected)} protected resource(s)"
        )
        if confirm is not None:
            if confirm != env:
                raise RefusedError(
                    f"--confirm {confirm} does not match the stack name {env}; nothing destroyed"
                )
        elif terminal.can_prompt:
            typed = terminal.prompt(f"{env}: {why}. Type the stack name to destroy it")
            if typed.strip() != env:
                raise RefusedError(f"the name typed does not match {env}; nothing destroyed")
        else:
            raise RefusedError(
                f"refusing to destroy {env} without a terminal: {why}; pass --confirm {env} to proceed"
            )
    elif not yes:
        if not terminal.can_prompt:
            raise RefusedError(f"refusing to destroy {env} without confirmation; pass --yes")
        if not terminal.confirm(f"Destroy every resource of {env}?"):
            raise RefusedError(f"nothing destroyed: {env} is unchanged")
    with Progress(terminal, f"Destroying {env}") as progress:
        result = engine.destroy(progress.on_event, exclude_protected=bool(protected))
    terminal.display_success(f"{env}: {summary_line(result)}")
    if protected:
        terminal.display_info(f"kept {len(protected)} protected resource(s):")
        for urn in protected:
            terminal.display_info(f"  {urn}")


def register(app: typer.Typer) -> None:
    app.command()(destroy)
