"""Entry point of `dandi-stack`. Keep imports here light: `--help` must not load any cloud SDK."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

import typer

app = typer.Typer(
    name="dandi-stack",
    help="Stand up a complete DANDI Archive clone per environment: local, staging, prod and sandboxes.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version() -> str:
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
    show_version: bool = typer.Option(
        False, "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Stand up a complete DANDI Archive clone per environment: local, staging, prod and sandboxes."""


from cli import local  # noqa: E402 - registered after `app` exists

local.register(app)


def main() -> None:
    app()
