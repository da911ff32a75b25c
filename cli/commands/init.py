"""`dandi-stack init ENV`: write a validated Pulumi.<env>.yaml for a new clone (what forks of DANDI's
Terraform did by hand), ready for `dandi-stack plan ENV` and `dandi-stack up ENV`.
"""

from __future__ import annotations

from typing import Annotated

import typer

from cli import options
from stacks.environments import LOCAL, check_name, project_dir_from
from stacks.errors import UsageError


def init(
    ctx: typer.Context,
    env: options.Env,
    domain: Annotated[
        str, typer.Option("--domain", help="DNS domain: web UI at the apex, API at api.DOMAIN.")
    ],
    prefix: Annotated[
        str | None,
        typer.Option("--prefix", help="Resource name prefix (names are PREFIX-ENV-...; default dandi)."),
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="prod or staging (default: from the name).")
    ] = None,
    region: Annotated[str | None, typer.Option("--region", help="AWS region (default us-east-2).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing Pulumi.ENV.yaml.")] = False,
    project_dir: options.ProjectDir = None,
) -> None:
    """Create Pulumi.ENV.yaml for a new cloud environment."""
    from stacks.config.model import EnvironmentKind, infer_kind
    from stacks.ops.stack_files import init_values, render_stack_file, write_new

    terminal = options.terminal(ctx)
    check_name(env)
    if env == LOCAL:
        raise UsageError("`local` needs no stack file; run `dandi-stack up`")
    if kind is not None and kind not in ("prod", "staging"):
        raise UsageError(
            f"--kind {kind!r} is not made with init: use prod or staging (`dandi-stack sandbox create "
            "NAME` makes sandboxes)"
        )
    resolved = EnvironmentKind(kind) if kind else infer_kind(env)
    if resolved is None:
        raise UsageError(f"cannot tell the kind of {env!r} from its name; pass --kind prod or --kind staging")
    if resolved is not EnvironmentKind.prod and resolved is not EnvironmentKind.staging:
        raise UsageError(f"{env!r} is a {resolved} name; use `dandi-stack sandbox create NAME` for sandboxes")
    root = project_dir_from(project_dir)
    values = init_values(env, kind=resolved, domain=domain, prefix=prefix, region=region)
    text = render_stack_file(
        values,
        comment=f"{env}: created by `dandi-stack init`. Every key and its default: "
        '"Config reference" in README.md.',
    )
    path = write_new(root, env, text, force=force)
    terminal.display_success(f"wrote {path.name}; next: dandi-stack plan {env}, then dandi-stack up {env}")


def register(app: typer.Typer) -> None:
    app.command()(init)
