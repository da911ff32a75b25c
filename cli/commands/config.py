"""`dandi-stack config validate [ENV]`: check stack files against the config model, one line per problem."""

from __future__ import annotations

from typing import Annotated

import typer

from cli import options
from stacks.environments import cloud_environments, project_dir_from, require_cloud_environment
from stacks.errors import UsageError

config_app = typer.Typer(help="Check environment configuration.", no_args_is_help=True, rich_markup_mode=None)


@config_app.command()
def validate(
    ctx: typer.Context,
    env: Annotated[
        str | None, typer.Argument(metavar="[ENV]", help="One environment (default: every stack file).")
    ] = None,
    project_dir: options.ProjectDir = None,
) -> None:
    """Validate Pulumi.ENV.yaml (or every stack file); prints one line per problem."""
    from stacks.config.model import ConfigError, load_environment

    terminal = options.terminal(ctx)
    root = project_dir_from(project_dir)
    envs = [require_cloud_environment(root, env)] if env else cloud_environments(root)
    if not envs:
        raise UsageError(
            f"no Pulumi.<env>.yaml in {root}; create one with `dandi-stack init ENV --domain ...`"
        )
    problems = 0
    for name in envs:
        try:
            config = load_environment(name, root)
        except ConfigError as exc:
            problems += len(exc.problems)
            terminal.display_error(str(exc))
        else:
            terminal.echo(f"ok: Pulumi.{name}.yaml ({config.kind})")
    if problems:
        raise typer.Exit(2)


def register(app: typer.Typer) -> None:
    app.add_typer(config_app, name="config")
