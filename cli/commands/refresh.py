"""`dandi-stack refresh ENV`: bring the stack's state in line with what really exists in the clouds."""

from __future__ import annotations

import typer

from cli import options
from cli.cloud import open_engine
from cli.progress import Progress, summary_line


def refresh(
    ctx: typer.Context,
    env: options.Env,
    json_events: options.Json = False,
    backend: options.Backend = None,
    project_dir: options.ProjectDir = None,
) -> None:
    """Read the real state of ENV's resources into the stack state (changes no resource)."""
    terminal = options.terminal(ctx)
    engine, _ = open_engine(env, project_dir, backend)
    with Progress(terminal, f"Refreshing {env}", json_events=json_events) as progress:
        result = engine.refresh(progress.on_event)
    if not json_events:
        terminal.display_success(f"{env}: {summary_line(result)}")


def register(app: typer.Typer) -> None:
    app.command()(refresh)
