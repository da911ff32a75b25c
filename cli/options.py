"""Options shared by several commands, defined once, and the per-invocation state the root callback sets."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import typer

from cli.terminal import Terminal


@dataclass
class State:
    """What the root callback hands every command (tests may pass theirs: `CliRunner.invoke(obj=...)`)."""

    terminal: Terminal = field(default_factory=Terminal)
    debug: bool = False


def state(ctx: typer.Context) -> State:
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State()
    return root.obj


def terminal(ctx: typer.Context) -> Terminal:
    return state(ctx).terminal


Env = Annotated[
    str, typer.Argument(metavar="ENV", help="Environment (stack) name, e.g. staging, prod, sandbox-NAME.")
]
ProjectDir = Annotated[
    Path | None,
    typer.Option(
        "--project-dir",
        envvar="DANDI_STACK_PROJECT_DIR",
        help="Project directory holding Pulumi.yaml "
        "(default: the nearest one at or above the current directory).",
        file_okay=False,
        show_default=False,
    ),
]
Backend = Annotated[
    str | None,
    typer.Option(
        "--backend",
        envvar="DANDI_STACK_BACKEND",
        help="State backend URL: file://DIR, s3://BUCKET/PREFIX or https://api.pulumi.com "
        "(default: file://<project>/.state/pulumi).",
        show_default=False,
    ),
]
Json = Annotated[bool, typer.Option("--json", help="Machine-readable JSON on stdout instead of tables.")]
Yes = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]

# -- the local environment's options (`up` without ENV, `down`, `status`, `logs`) --------------------------
StateDir = Annotated[
    Path | None,
    typer.Option(
        "--state-dir",
        envvar="DANDI_STACK_STATE_DIR",
        file_okay=False,
        help="Where the local environment keeps its database, logs, sockets "
        "[default: <checkout>/.state/local]",
        show_default=False,
    ),
]
Port = Annotated[
    int, typer.Option("--port", min=1, max=65535, help="Port of the API (web process) on 127.0.0.1.")
]
S3Port = Annotated[
    int, typer.Option("--s3-port", min=1, max=65535, help="Port of the S3/IAM/Route53 API (moto).")
]
PostgresPort = Annotated[
    int,
    typer.Option(
        "--postgres-port",
        min=1,
        max=65535,
        help="Port of the bundled PostgreSQL (unused with --database-url).",
    ),
]
UiPort = Annotated[
    int, typer.Option("--ui-port", min=1, max=65535, help="Port of the web UI (when web/dist is built).")
]
DatabaseUrl = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        envvar="DANDI_STACK_DATABASE_URL",
        help="Use this PostgreSQL database (postgres://user@host:port/db) instead of the bundled server.",
    ),
]
Foreground = Annotated[
    bool, typer.Option("--foreground", help="Stay attached and stream all logs; Ctrl-C stops.")
]
Timeout = Annotated[
    float, typer.Option("--timeout", min=1, help="Seconds to wait for the API to become healthy.")
]
