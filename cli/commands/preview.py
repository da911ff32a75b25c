"""`dandi-stack preview ENV`: what `up ENV` would change, from the real engine (needs credentials).

`--markdown FILE` writes the form a CI job posts on a pull request."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli import options
from cli.cloud import open_engine
from cli.progress import Progress, summary_line
from stacks.ops.preview_report import preview_json, preview_markdown


def preview(
    ctx: typer.Context,
    env: options.Env,
    diff: Annotated[bool, typer.Option("--diff", help="Show the engine's property-level diff.")] = False,
    json_output: options.Json = False,
    markdown: Annotated[
        Path | None,
        typer.Option(
            "--markdown",
            metavar="FILE",
            help="Also write a Markdown report (for a PR comment) to FILE.",
            dir_okay=False,
        ),
    ] = None,
    backend: options.Backend = None,
    project_dir: options.ProjectDir = None,
) -> None:
    """Show what `up ENV` would change, without changing anything."""
    terminal = options.terminal(ctx)
    engine, _ = open_engine(env, project_dir, backend)
    on_output = terminal.echo if diff and not json_output else None
    with Progress(terminal, f"Previewing {env}", json_events=False) as progress:
        result = engine.preview(None if json_output else progress.on_event, diff=diff, on_output=on_output)
    if engine.created:
        terminal.display_info(f"created the new (empty) stack {env} in {engine.backend_url}")
    if markdown is not None:
        markdown.write_text(preview_markdown(env, result), encoding="utf-8")
        terminal.display_info(f"wrote {markdown}")
    if json_output:
        terminal.display_json(preview_json(env, result))
        return
    rows = [
        (s.op, s.type, s.name, "yes" if s.protect else "", ", ".join(s.diffs))
        for s in result.steps
        if s.op != "same"
    ]
    if rows:
        terminal.display_table(f"Changes to {env}", ["op", "type", "name", "protected", "changed"], rows)
    terminal.display_info(f"{env}: {summary_line(result, planned=True)}")


def register(app: typer.Typer) -> None:
    app.command()(preview)
