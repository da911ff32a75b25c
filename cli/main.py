"""Entry point of `dandi-stack`. Keep imports here light: `--help` must not load any cloud SDK."""

from __future__ import annotations

import os
import sys
from typing import Any

import typer
from typer.core import TyperGroup

from cli.commands import config, destroy, init, local, outputs, plan, preview, refresh, sandbox, up
from cli.options import state

# Every command module, in the order `--help` lists them; each adds its commands with `register(app)`.
COMMANDS = (up, preview, destroy, refresh, outputs, plan, init, config, sandbox, local)


class DandiGroup(TyperGroup):
    """Turns every error a user can act on into `error: ...` lines and an exit code; tracebacks only with
    --debug.
    """

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            state(ctx).terminal.display_error("interrupted")
            raise typer.Exit(130) from None
        except BrokenPipeError:
            # The reader went away (`dandi-stack plan prod | head`): stop quietly, as Unix tools do.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(141) from None
        except Exception as exc:
            current = state(ctx)
            if current.debug or _is_cli_flow(exc):
                raise
            message, code = describe(exc)
            current.terminal.display_error(message)
            raise typer.Exit(code) from None


def _is_cli_flow(exc: Exception) -> bool:
    """Exit/abort/usage exceptions of Typer (and the click it carries) are for Typer to handle, not errors."""
    return isinstance(exc, typer.Exit | typer.Abort) or type(exc).__module__.startswith(("typer.", "click."))


def describe(exc: Exception) -> tuple[str, int]:
    """The message and exit code for an exception escaping a command."""
    from stacks.errors import UserError

    if isinstance(exc, UserError):
        return str(exc), exc.exit_code
    return f"unexpected {type(exc).__name__}: {exc} (re-run with --debug for the traceback)", 1


app = typer.Typer(
    name="dandi-stack",
    cls=DandiGroup,
    help="Stand up a complete DANDI Archive clone per environment: local, staging, prod and sandboxes.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: no Rich import at start-up, stable text in logs
)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("dandi-stack")
    except PackageNotFoundError:
        return "0+unknown"


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"dandi-stack {_version()}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    show_version: bool = typer.Option(
        False, "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
    ),
    debug: bool = typer.Option(
        False, "--debug", envvar="DANDI_STACK_DEBUG", help="Show full tracebacks instead of one-line errors."
    ),
) -> None:
    """Stand up a complete DANDI Archive clone per environment: local, staging, prod and sandboxes."""
    state(ctx).debug = debug


for _module in COMMANDS:
    _module.register(app)


def main() -> None:
    app()
