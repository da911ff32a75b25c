"""Commands of the local environment: `up` (local options), `down`, `status`, `logs`; stacks.local works."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import typer

PORT_HELP = "Port of the API (web process) on 127.0.0.1."
UI_NOT_SERVED = "not served: web/dist was not built at `up` (./dev up, or cd web && npm ci && npm run build)"
STATE_DIR_OPTION = typer.Option(
    None,
    "--state-dir",
    envvar="DANDI_STACK_STATE_DIR",
    file_okay=False,
    help="Where the local environment keeps its database, logs, sockets [default: <checkout>/.state/local]",
)


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    return typer.Exit(code)


def _progress_printer() -> Callable[[str], None]:
    started = time.monotonic()

    def show(message: str) -> None:
        typer.secho(f"  {time.monotonic() - started:5.1f}s  {message}", err=True, dim=True)

    return show


def up(
    env: str | None = typer.Argument(
        None, metavar="[ENV]", help="Environment; only `local` (the default) here."
    ),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help=PORT_HELP),
    s3_port: int = typer.Option(
        9000, "--s3-port", min=1, max=65535, help="Port of the S3/IAM/Route53 API (moto)."
    ),
    postgres_port: int = typer.Option(
        55432,
        "--postgres-port",
        min=1,
        max=65535,
        help="Port of the bundled PostgreSQL (unused with --database-url).",
    ),
    ui_port: int = typer.Option(
        8085, "--ui-port", min=1, max=65535, help="Port of the web UI (when web/dist is built)."
    ),
    state_dir: Path | None = STATE_DIR_OPTION,
    database_url: str | None = typer.Option(
        None,
        "--database-url",
        envvar="DANDI_STACK_DATABASE_URL",
        help="Use this PostgreSQL database (postgres://user@host:port/db) instead of the bundled server.",
    ),
    foreground: bool = typer.Option(
        False, "--foreground", help="Stay attached and stream all logs; Ctrl-C stops."
    ),
    timeout: float = typer.Option(
        120, "--timeout", min=1, help="Seconds to wait for the API to become healthy."
    ),
) -> None:
    """Bring up the local DANDI clone (moto S3, PostgreSQL, API, workers, web UI) and print how to use it."""
    from stacks.local import LocalEnvError, LocalPorts
    from stacks.local import up as local_up

    if env not in (None, "local"):
        raise _fail(f"this command brings up the `local` environment; {env!r} is a cloud environment", 2)
    try:
        running = local_up(
            ports=LocalPorts(web=port, s3=s3_port, postgres=postgres_port, ui=ui_port),
            state_dir=state_dir,
            database_url=database_url,
            progress=_progress_printer(),
            timeout=timeout,
        )
    except LocalEnvError as err:
        raise _fail(str(err)) from None
    if running.already_running:
        typer.echo(f"The local environment is already running (state in {running.state_dir}).")
    else:
        typer.echo(f"The local environment is up and healthy in {running.seconds:.1f} s.")
    _render_running(running)
    if foreground:
        _follow_then_stop(state_dir)


def _render_running(running: object) -> None:
    r = running  # stacks.local.runtime.Running; typed loosely to keep this module import-light
    ui = r.ui_url or UI_NOT_SERVED
    lines = [
        f"  Web UI         {ui}",
        f"  API            {r.api_url}   (server info: {r.web_url}/server-info, health: {r.api_url}/health/)",
        f"  S3 API (moto)  {r.s3_url}   (also IAM and Route53)",
        f"  Database       {r.database_url}",
        f"  Admin user     {r.username}",
        f"  API token      {r.token}",
        f"  State, logs    {r.state_dir}   (dandi-stack logs [PROCESS] -f)",
        "",
        f"Point the official dandi client at it (it reads the key from the variable {r.api_key_env_var}):",
        *(f"  {c}" for c in r.client_commands),
        "",
        "Stop it with `dandi-stack down` (--keep keeps database, objects, logs); see `dandi-stack status`.",
    ]
    typer.echo("\n".join(lines))


def _follow_then_stop(state_dir: Path | None) -> None:
    from stacks.local import down as local_down
    from stacks.local import logs as local_logs

    typer.secho("Streaming logs; Ctrl-C stops the environment (state kept).", err=True, dim=True)
    try:
        for line in local_logs(state_dir=state_dir, follow=True, lines=0):
            typer.echo(line)
    except KeyboardInterrupt:
        pass
    stopped = local_down(state_dir=state_dir, keep=True)
    typer.echo(f"Stopped. State kept in {stopped.state_dir}; `dandi-stack down` removes it.")


def down(
    state_dir: Path | None = STATE_DIR_OPTION,
    keep: bool = typer.Option(
        False, "--keep", help="Keep the state directory (database, logs) for the next up."
    ),
) -> None:
    """Stop every process of the local environment and remove its state (database, logs) unless --keep."""
    from stacks.local import down as local_down

    stopped = local_down(state_dir=state_dir, keep=keep)
    what = "Stopped the local environment" if stopped.was_running else "The local environment was not running"
    if stopped.stragglers:
        what += f" (and {stopped.stragglers} leftover process(es))"
    if stopped.removed:
        typer.echo(
            f"{what}; removed its state directory {stopped.state_dir} (database, objects, logs, token)."
        )
    elif stopped.state_dir.exists():
        objects = "" if stopped.objects_saved is None else f" and {stopped.objects_saved} stored object(s)"
        typer.echo(f"{what}; kept its state directory {stopped.state_dir} (database, logs{objects}).")
    else:
        typer.echo(f"{what}; no state directory at {stopped.state_dir}.")


def status(state_dir: Path | None = STATE_DIR_OPTION) -> None:
    """Show each process of the local environment and its health; exit 1 unless all are up and healthy."""
    from stacks.local import status as local_status

    st = local_status(state_dir=state_dir)
    if not st.running:
        typer.echo(
            f"The local environment is not running (state dir {st.state_dir}). Start it: `dandi-stack up`."
        )
        raise typer.Exit(1)
    ui = f", web UI {st.ui_url}" if st.ui_url else ""
    typer.echo(f"Local environment at {st.web_url}{ui} (state in {st.state_dir})")
    typer.echo(f"  {'PROCESS':<16} {'STATE':<10} {'PID':>7}  DETAIL")
    for p in sorted(st.processes, key=lambda p: p.name):
        typer.echo(f"  {p.name:<16} {p.state:<10} {p.pid or '-':>7}  {p.description}")
    typer.echo(f"  {'CHECK':<16} {'RESULT':<10} {'':>7}  DETAIL")
    for c in st.checks:
        typer.echo(f"  {c.name:<16} {'ok' if c.ok else 'FAILING':<10} {'':>7}  {c.detail}")
    healthy = all(p.state == "RUNNING" for p in st.processes) and all(c.ok for c in st.checks)
    if not healthy:
        raise typer.Exit(1)


def logs(
    process: str | None = typer.Argument(
        None,
        help="One process (web, worker, checksum-worker, ui, postgres, s3, "
        "release, supervisord); all when omitted.",
    ),
    follow: bool = typer.Option(False, "--follow", "-f", help="Keep printing new lines."),
    lines: int = typer.Option(100, "--lines", "-n", min=0, help="How many past lines to show first."),
    state_dir: Path | None = STATE_DIR_OPTION,
) -> None:
    """Print the logs of the local environment's processes."""
    from stacks.local import LocalEnvError
    from stacks.local import logs as local_logs

    try:
        for line in local_logs(state_dir=state_dir, process=process, follow=follow, lines=lines):
            typer.echo(line)
    except LocalEnvError as err:
        raise _fail(str(err)) from None
    except KeyboardInterrupt:
        pass


def register(app: typer.Typer) -> None:
    """Add down/status/logs; `up` is cli/commands/up.py's, which calls this module's `up` for ENV=local."""
    app.command("down")(down)
    app.command("status")(status)
    app.command("logs")(logs)
