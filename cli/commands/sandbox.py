"""`dandi-stack sandbox ...`: short-lived cloud clones made from a template environment, tagged with owner,
creation time and time-to-live, listed, destroyed, and reaped by a scheduled job once expired."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from cli import options
from cli.cloud import open_engine
from cli.progress import Progress, display_outputs, summary_line
from cli.terminal import Terminal
from stacks.environments import is_sandbox, project_dir_from, require_cloud_environment, stack_file
from stacks.errors import RefusedError, UsageError
from stacks.ops import sandbox as rules
from stacks.ops.engine import Engine, resolve_backend

sandbox_app = typer.Typer(
    help="Short-lived cloud clones: create, list, destroy, reap.", no_args_is_help=True, rich_markup_mode=None
)

Name = Annotated[str, typer.Argument(metavar="NAME", help="Sandbox name (the stack is sandbox-NAME).")]


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


@sandbox_app.command()
def create(
    ctx: typer.Context,
    name: Name,
    ttl: Annotated[
        str, typer.Option("--ttl", help="Time to live before `sandbox reap` may destroy it.")
    ] = "3d",
    template: Annotated[
        str, typer.Option("--from", help="Environment whose config the sandbox copies.")
    ] = "staging",
    backend: options.Backend = None,
    project_dir: options.ProjectDir = None,
) -> None:
    """Create sandbox-NAME from a template environment and bring it up."""
    from stacks.ops.stack_files import render_stack_file, sandbox_values, write_new

    terminal = options.terminal(ctx)
    stack = rules.stack_name(name)
    lifetime = rules.parse_ttl(ttl)
    root = project_dir_from(project_dir)
    require_cloud_environment(root, template)
    if is_sandbox(template):
        raise UsageError(
            f"--from {template}: a sandbox cannot be the template of another; use staging or prod"
        )
    created = _now()
    owner = rules.owner()
    values, dropped = sandbox_values(
        root,
        template,
        stack,
        owner=owner,
        ttl_hours=int(lifetime.total_seconds() // 3600) or 1,
        created=created,
    )
    text = render_stack_file(
        values, comment=f"{stack}: sandbox made by `dandi-stack sandbox create` from {template}."
    )
    write_new(root, stack, text)
    for key in dropped:
        terminal.display_warning(
            f"not copied from {template}: {key} (encrypted for that stack; set it with "
            f"pulumi config set --secret --path {key} --stack {stack})"
        )
    try:
        engine, _ = open_engine(stack, root, backend)
        engine.stack(create=True)
        stack_tags = rules.tags(owner=owner, created=created, ttl=ttl, template=template)
        salt = rules.encryption_salt(stack_file(root, stack))
        if salt:
            stack_tags[rules.TAG_SALT] = salt
        engine.set_tags(stack_tags)
        with Progress(terminal, f"Creating {stack}") as progress:
            result = engine.up(progress.on_event)
    except Exception:
        terminal.display_info(
            f"{stack_file(root, stack).name} kept; retry with `dandi-stack up {stack} --yes`, "
            f"or remove it with `dandi-stack sandbox destroy {name}`"
        )
        raise
    terminal.display_success(
        f"{stack}: {summary_line(result)}; expires {rules.format_time(created + lifetime)}"
    )
    display_outputs(terminal, engine.outputs())


def _statuses(engine: Engine) -> list[rules.SandboxStatus]:
    now = _now()
    found = []
    for info in engine.list_stacks():
        if not is_sandbox(info.name):
            continue
        tags = Engine(engine.project_dir, info.name, engine.backend_url).tags()
        found.append(rules.status(info.name, tags, now=now, updating=info.update_in_progress))
    return found


def _listing_engine(project_dir: Path | None, backend: str | None) -> Engine:
    """An engine for backend-wide queries (stack list, tags); needs no credentials, only the CLI and
    passphrase.
    """
    import shutil

    from stacks.errors import PulumiNotFoundError
    from stacks.ops.engine import passphrase_env

    root = project_dir_from(project_dir)
    if shutil.which("pulumi") is None:
        raise PulumiNotFoundError()
    passphrase_env()
    return Engine(root, "", resolve_backend(root, backend))


@sandbox_app.command("list")
def list_(
    ctx: typer.Context,
    json_output: options.Json = False,
    backend: options.Backend = None,
    project_dir: options.ProjectDir = None,
) -> None:
    """List sandboxes with owner, created, expires and state."""
    terminal = options.terminal(ctx)
    statuses = _statuses(_listing_engine(project_dir, backend))
    if json_output:
        terminal.display_json(
            [
                {
                    "stack": s.stack,
                    "owner": s.owner,
                    "state": s.state,
                    "created": s.created and rules.format_time(s.created),
                    "expires": s.expires and rules.format_time(s.expires),
                }
                for s in statuses
            ]
        )
        return
    terminal.display_table(
        None,
        ["sandbox", "owner", "created", "expires", "state"],
        [
            (
                s.stack,
                s.owner,
                s.created and rules.format_time(s.created),
                s.expires and rules.format_time(s.expires),
                s.state,
            )
            for s in statuses
        ],
    )


def _destroy_sandbox(terminal: Terminal, engine: Engine) -> None:
    with Progress(terminal, f"Destroying {engine.env}") as progress:
        result = engine.destroy(progress.on_event)
    engine.remove()
    path = stack_file(engine.project_dir, engine.env)
    if path.exists():
        path.unlink()
    terminal.display_success(f"{engine.env}: {summary_line(result)}; stack removed")


@sandbox_app.command()
def destroy(
    ctx: typer.Context,
    name: Name,
    yes: options.Yes = False,
    backend: options.Backend = None,
    project_dir: options.ProjectDir = None,
) -> None:
    """Destroy sandbox-NAME and remove its stack and stack file."""
    terminal = options.terminal(ctx)
    stack = rules.stack_name(name)
    engine, _ = open_engine(stack, project_dir, backend)
    if not yes:
        if not terminal.can_prompt:
            raise RefusedError(f"refusing to destroy {stack} without confirmation; pass --yes")
        if not terminal.confirm(f"Destroy {stack} and everything in it?"):
            raise RefusedError(f"nothing destroyed: {stack} is unchanged")
    _destroy_sandbox(terminal, engine)


@sandbox_app.command()
def reap(
    ctx: typer.Context,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only list what would be destroyed.")] = False,
    backend: options.Backend = None,
    project_dir: options.ProjectDir = None,
) -> None:
    """Destroy every expired sandbox (for a scheduled job). Untagged sandboxes are never reaped."""
    from stacks.ops.credentials import require

    terminal = options.terminal(ctx)
    lister = _listing_engine(project_dir, backend)
    expired = [s for s in _statuses(lister) if s.expired]
    if not expired:
        terminal.display_info("no expired sandboxes")
        return
    for status in expired:
        terminal.echo(
            f"{'would reap' if dry_run else 'reaping'} {status.stack} (owner {status.owner}, expired "
            f"{rules.format_time(status.expires) if status.expires else '-'})"
        )
    if dry_run:
        return
    require(stack_file(lister.project_dir, expired[0].stack))
    failures = 0
    for status in expired:
        engine = Engine(lister.project_dir, status.stack, lister.backend_url)
        try:
            rules.restore_stack_file(stack_file(engine.project_dir, engine.env), engine.tags())
            _destroy_sandbox(terminal, engine)
        except Exception as exc:  # one broken sandbox must not stop the others from being reaped
            failures += 1
            terminal.display_error(f"{status.stack}: {exc}")
    if failures:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.add_typer(sandbox_app, name="sandbox")
