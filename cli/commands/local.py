"""The local environment's commands: `down`, `status`, `logs`, and the local half of `up` (cli/commands/up.py
declares its options and calls `start`). The work is done by stacks.local; errors are its LocalEnvError, a
UserError the root group prints as one line."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli import options
from cli.terminal import Terminal

if TYPE_CHECKING:
    from stacks.local.runtime import Running

UI_NOT_SERVED = "not served: web/dist was not built at `up` (./dev up, or cd web && npm ci && npm run build)"


def _progress_printer(terminal: Terminal) -> Callable[[str], None]:
    started = time.monotonic()

    def show(message: str) -> None:
        terminal.display_info(f"  {time.monotonic() - started:5.1f}s  {message}")

    return show


def start(
    terminal: Terminal,
    *,
    port: int,
    s3_port: int,
    postgres_port: int,
    ui_port: int,
    state_dir: Path | None,
    database_url: str | None,
    foreground: bool,
    timeout: float,
) -> None:
    """Bring up the local clone and print how to use it; with `foreground`, stream logs until Ctrl-C."""
    from stacks.local import LocalPorts
    from stacks.local import up as local_up

    running = local_up(
        ports=LocalPorts(web=port, s3=s3_port, postgres=postgres_port, ui=ui_port),
        state_dir=state_dir,
        database_url=database_url,
        progress=_progress_printer(terminal),
        timeout=timeout,
    )
    if running.already_running:
        terminal.echo(f"The local environment is already running (state in {running.state_dir}).")
    else:
        terminal.echo(f"The local environment is up and healthy in {running.seconds:.1f} s.")
    render_running(terminal, running)
    if foreground:
        _follow_then_stop(terminal, state_dir)


def render_running(terminal: Terminal, r: Running) -> None:
    ui = r.ui_url or UI_NOT_SERVED
    lines = [
        f"  Web UI         {ui}",
        f"  API            {r.api_url}   (server info: {r.web_url}/server-info, health: {r.api_url}/health/)",
        f"  S3 API (moto)  {r.s3_url}   (also IAM and Route53)",
        f"  Database       {r.database_url}",
        f"  Admin user     {r.username}" + (f"   password {r.admin_password}" if r.admin_password else ""),
        f"  API token      {r.token}",
        f"  Admin site     {r.web_url}/admin/   (approve sign-ups; mail sent: dandi-stack mail)",
        f"  State, logs    {r.state_dir}   (dandi-stack logs [PROCESS] -f)",
        "",
        f"Point the official dandi client at it (it reads the key from the variable {r.api_key_env_var}):",
        *(f"  {c}" for c in r.client_commands),
        "",
        "Stop it with `dandi-stack down` (--keep keeps database, objects, logs); see `dandi-stack status`.",
    ]
    terminal.echo("\n".join(lines))


def _follow_then_stop(terminal: Terminal, state_dir: Path | None) -> None:
    from stacks.local import down as local_down
    from stacks.local import logs as local_logs

    terminal.display_info("Streaming logs; Ctrl-C stops the environment (state kept).")
    try:
        for line in local_logs(state_dir=state_dir, follow=True, lines=0):
            terminal.echo(line)
    except KeyboardInterrupt:
        pass
    stopped = local_down(state_dir=state_dir, keep=True)
    terminal.echo(f"Stopped. State kept in {stopped.state_dir}; `dandi-stack down` removes it.")


def down(
    ctx: typer.Context,
    state_dir: options.StateDir = None,
    keep: Annotated[
        bool, typer.Option("--keep", help="Keep the state directory (database, logs) for the next up.")
    ] = False,
) -> None:
    """Stop every process of the local environment and remove its state (database, logs) unless --keep."""
    from stacks.local import down as local_down

    terminal = options.terminal(ctx)
    stopped = local_down(state_dir=state_dir, keep=keep)
    what = "Stopped the local environment" if stopped.was_running else "The local environment was not running"
    if stopped.stragglers:
        what += f" (and {stopped.stragglers} leftover process(es))"
    if stopped.removed:
        terminal.echo(
            f"{what}; removed its state directory {stopped.state_dir} (database, objects, logs, token)."
        )
    elif stopped.state_dir.exists():
        objects = "" if stopped.objects_saved is None else f" and {stopped.objects_saved} stored object(s)"
        terminal.echo(f"{what}; kept its state directory {stopped.state_dir} (database, logs{objects}).")
    else:
        terminal.echo(f"{what}; no state directory at {stopped.state_dir}.")


def status(ctx: typer.Context, state_dir: options.StateDir = None) -> None:
    """Show each process of the local environment and its health; exit 1 unless all are up and healthy."""
    from stacks.local import status as local_status

    terminal = options.terminal(ctx)
    st = local_status(state_dir=state_dir)
    if not st.running:
        terminal.echo(
            f"The local environment is not running (state dir {st.state_dir}). Start it: `dandi-stack up`."
        )
        raise typer.Exit(1)
    ui = f", web UI {st.ui_url}" if st.ui_url else ""
    terminal.echo(f"Local environment at {st.web_url}{ui} (state in {st.state_dir})")
    terminal.echo(f"  {'PROCESS':<16} {'STATE':<10} {'PID':>7}  DETAIL")
    for p in sorted(st.processes, key=lambda p: p.name):
        terminal.echo(f"  {p.name:<16} {p.state:<10} {p.pid or '-':>7}  {p.description}")
    terminal.echo(f"  {'CHECK':<16} {'RESULT':<10} {'':>7}  DETAIL")
    for c in st.checks:
        terminal.echo(f"  {c.name:<16} {'ok' if c.ok else 'FAILING':<10} {'':>7}  {c.detail}")
    healthy = all(p.state == "RUNNING" for p in st.processes) and all(c.ok for c in st.checks)
    if not healthy:
        raise typer.Exit(1)


def logs(
    ctx: typer.Context,
    process: Annotated[
        str | None,
        typer.Argument(
            help="One process (web, worker, checksum-worker, ui, postgres, s3, mail, "
            "release, supervisord); all when omitted.",
        ),
    ] = None,
    follow: Annotated[bool, typer.Option("--follow", "-f", help="Keep printing new lines.")] = False,
    lines: Annotated[
        int, typer.Option("--lines", "-n", min=0, help="How many past lines to show first.")
    ] = 100,
    state_dir: options.StateDir = None,
) -> None:
    """Print the logs of the local environment's processes."""
    from stacks.local import logs as local_logs

    terminal = options.terminal(ctx)
    try:
        for line in local_logs(state_dir=state_dir, process=process, follow=follow, lines=lines):
            terminal.echo(line)
    except KeyboardInterrupt:
        pass


def mail(
    ctx: typer.Context,
    state_dir: options.StateDir = None,
    full: Annotated[
        bool, typer.Option("--full", help="Print each message's text, not just its subject.")
    ] = False,
) -> None:
    """List the mail the local environment's app sent (sign-up notices, approvals, owners), oldest first."""
    from stacks.local.mail import messages

    terminal = options.terminal(ctx)
    found = messages(state_dir)
    if not found:
        terminal.echo("No mail yet.")
        return
    for message in found:
        terminal.echo(f"{message.date}  to {message.to}  {message.subject}")
        if full:
            terminal.echo("\n".join(f"    {line}" for line in message.body.rstrip().splitlines()) + "\n")


def register(app: typer.Typer) -> None:
    app.command("down")(down)
    app.command("status")(status)
    app.command("logs")(logs)
    app.command("mail")(mail)
