"""Offline plans: an environment's full resource graph rendered under Pulumi mocks (stacks/plan/render.py),
and the difference between two git revisions of it. No engine, no credentials, no network: safe on pull
requests from forks.

A snapshot is the render's redacted JSON form (secrets already "[secret]"). The base revision is exported
from git into a temporary directory and rendered there by a separate Python process importing *that*
revision's code, so the diff compares what each revision's own program declares.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stacks.environments import CODE_ROOT
from stacks.errors import UsageError, UserError

_STACK_TYPE = "pulumi:pulumi:Stack"

# Runs inside the exported base revision (cwd), importing only that revision's modules.
_BASE_RENDER = """
import json, sys
from pathlib import Path
root = Path.cwd().resolve()
import stacks
if not Path(stacks.__file__).resolve().is_relative_to(root):
    sys.exit(f"imported stacks from {stacks.__file__}, not from the base revision")
try:  # this layout, else the flat one of revisions before stacks/ was split into packages
    from stacks.config.model import ConfigError, load_environment
    from stacks.plan.render import render
except ImportError as exc:
    try:
        from stacks.config import ConfigError, load_environment
        from stacks.render import render
    except ImportError:
        sys.exit(f"no offline renderer at this revision ({exc})")
try:
    rendering = render(load_environment(sys.argv[1], root))
except ConfigError as exc:
    sys.exit(str(exc).splitlines()[0])
json.dump(rendering.redacted(), sys.stdout, sort_keys=True)
"""


def snapshot(env: str, project_dir: Path) -> dict[str, Any]:
    """The environment as this checkout's program declares it (redacted, JSON-normalised, sorted by URN)."""
    from stacks.config.model import load_environment
    from stacks.plan.render import render

    rendering = render(load_environment(env, project_dir))
    roots = (str(project_dir), str(project_dir.resolve()), str(CODE_ROOT))
    result: dict[str, Any] = normalized(json.loads(json.dumps(rendering.redacted(), sort_keys=True)), roots)
    return result


PROJECT_PLACEHOLDER = "<project>"


def normalized(value: Any, roots: tuple[str, ...] = ()) -> Any:
    """Comparable across checkouts: whole floats as ints (Pulumi hands every number over as a float, and
    `ttl=300` reads better than 300.0), and absolute paths inside the checkout (e.g. a build source
    directory) as `<project>/...`, since the base revision is rendered from a temporary directory."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        for root in sorted(roots, key=len, reverse=True):
            if value == root or value.startswith(root + "/"):
                return PROJECT_PLACEHOLDER + value[len(root) :]
        return value
    if isinstance(value, dict):
        return {k: normalized(v, roots) for k, v in value.items()}
    if isinstance(value, list):
        return [normalized(v, roots) for v in value]
    return value


def _git(project_dir: Path, *args: str, binary: bool = False) -> Any:
    try:
        done = subprocess.run(["git", *args], cwd=project_dir, capture_output=True, check=False, timeout=120)  # noqa: S607 (the user's git)
    except FileNotFoundError:
        raise UserError("`git` is not on PATH; install git to use --base") from None
    if done.returncode != 0:
        return None
    return done.stdout if binary else done.stdout.decode().strip()


def base_snapshot(env: str, project_dir: Path, ref: str) -> dict[str, Any] | None:
    """`env` rendered at git revision `ref`; None when that revision has no Pulumi.<env>.yaml."""
    commit = _git(project_dir, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if not commit:
        raise UsageError(
            f"--base {ref}: not a git revision of {project_dir} (try origin/main or a commit id)"
        )
    prefix = _git(project_dir, "rev-parse", "--show-prefix") or ""
    archive = _git(project_dir, "archive", "--format=tar", commit, binary=True)
    if archive is None:
        raise UserError(f"--base {ref}: git archive failed for {commit[:12]}")
    with tempfile.TemporaryDirectory(prefix="dandi-stack-base-") as scratch:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            if hasattr(tarfile, "data_filter"):
                tar.extractall(scratch, filter="data")
            else:  # Python < 3.11.4; the archive is our own repository's
                tar.extractall(scratch)  # noqa: S202
        root = Path(scratch) / prefix
        if not (root / f"Pulumi.{env}.yaml").is_file():
            return None
        env_vars = {**os.environ, "PYTHONPATH": str(root), "PYTHONDONTWRITEBYTECODE": "1"}
        done = subprocess.run(
            [sys.executable, "-c", _BASE_RENDER, env],
            cwd=root,
            env=env_vars,
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )
        roots = (str(root), str(root.resolve()), scratch, str(Path(scratch).resolve()))
    if done.returncode != 0:
        lines = [line for line in done.stderr.strip().splitlines() if line.strip()]
        raise UserError(
            f"cannot render {env} at {ref} ({commit[:12]}): {lines[-1] if lines else 'no error text'}"
        )
    result: dict[str, Any] = normalized(json.loads(done.stdout), roots)
    return result


# -- reading a snapshot --------------------------------------------------------------------------------------


def parent_name(parent: str | None) -> str:
    """A parent URN as a short name; the stack itself is "(stack)"."""
    if not parent:
        return "-"
    head, _, name = parent.rpartition("::")
    return "(stack)" if head.endswith(_STACK_TYPE) else name


def key_inputs(inputs: dict[str, Any], limit: int = 3, width: int = 48) -> str:
    """The first few top-level scalar inputs (names, flags, counts) as `k=v` pairs; documents left out."""
    pairs = []
    for key in sorted(inputs):
        value = inputs[key]
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, int | float):
            text = str(value)
        elif isinstance(value, str) and not value.lstrip().startswith(("{", "[")):
            text = value if len(value) <= width else value[: width - 1] + "…"
        else:
            continue
        pairs.append(f"{key}={text}")
    return " ".join(pairs[:limit])


def flatten(value: Any, path: str = "") -> dict[str, Any]:
    """Leaf paths of a nested value (`rules[0].expiration.days`); JSON documents held in strings are opened
    too, so a policy change shows as the statement that changed rather than a whole new string.
    """
    if isinstance(value, str) and value.lstrip().startswith(("{", "[")):
        with contextlib.suppress(json.JSONDecodeError):
            value = json.loads(value)
    if isinstance(value, dict):
        if not value:
            return {path: {}}
        out: dict[str, Any] = {}
        for key in sorted(value):
            out.update(flatten(value[key], f"{path}.{key}" if path else str(key)))
        return out
    if isinstance(value, list):
        if not value:
            return {path: []}
        out = {}
        for i, item in enumerate(value):
            out.update(flatten(item, f"{path}[{i}]"))
        return out
    return {path: value}


# -- diff ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    path: str
    old: Any
    new: Any


@dataclass
class ResourceDiff:
    urn: str
    type: str
    name: str
    changes: list[Change] = field(default_factory=list)


@dataclass
class PlanDiff:
    added: list[dict[str, Any]]
    removed: list[dict[str, Any]]
    changed: list[ResourceDiff]

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


_MISSING = "(absent)"


def _comparable(resource: dict[str, Any]) -> dict[str, Any]:
    return {
        "inputs": resource.get("inputs") or {},
        "protect": resource.get("protect", False),
        "retain_on_delete": resource.get("retain_on_delete", False),
        "parent": parent_name(resource.get("parent")),
        "dependencies": sorted(resource.get("dependencies") or []),
    }


def diff(base: dict[str, Any] | None, head: dict[str, Any]) -> PlanDiff:
    """Resources matched by URN (as Pulumi matches them): added, removed, changed with each changed leaf."""
    old = {r["urn"]: r for r in (base or {}).get("resources", [])}
    new = {r["urn"]: r for r in head.get("resources", [])}
    added = [new[u] for u in sorted(set(new) - set(old))]
    removed = [old[u] for u in sorted(set(old) - set(new))]
    changed = []
    for urn in sorted(set(old) & set(new)):
        before, after = flatten(_comparable(old[urn])), flatten(_comparable(new[urn]))
        changes = [
            Change(path, before.get(path, _MISSING), after.get(path, _MISSING))
            for path in sorted(set(before) | set(after))
            if before.get(path, _MISSING) != after.get(path, _MISSING)
        ]
        if changes:
            changed.append(ResourceDiff(urn, new[urn]["type"], new[urn]["name"], changes))
    return PlanDiff(added, removed, changed)
