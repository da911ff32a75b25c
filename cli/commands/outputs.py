"""`dandi-stack outputs ENV`: the stack's exported values (URLs, bucket names...); secrets masked unless
asked.
"""

from __future__ import annotations

from typing import Annotated

import typer

from cli import options
from cli.cloud import open_engine
from cli.progress import display_outputs


def outputs(
    ctx: typer.Context,
    env: options.Env,
    json_output: options.Json = False,
    show_secrets: Annotated[
        bool, typer.Option("--show-secrets", help="Print secret outputs in clear.")
    ] = False,
    backend: options.Backend = None,
    project_dir: options.ProjectDir = None,
) -> None:
    """Print ENV's stack outputs."""
    terminal = options.terminal(ctx)
    engine, _ = open_engine(env, project_dir, backend, need_credentials=False)
    values = engine.outputs()
    if json_output:
        terminal.display_json(
            {k: ("[secret]" if v.secret and not show_secrets else v.value) for k, v in values.items()}
        )
        return
    display_outputs(terminal, values, show_secrets=show_secrets)


def register(app: typer.Typer) -> None:
    app.command()(outputs)
