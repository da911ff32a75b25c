"""Writing `Pulumi.<env>.yaml` stack files: a fresh one for a new clone (`init`), or a sandbox derived from a
template environment. Every file is validated by the config model before it is written, and nothing is
overwritten by accident.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from stacks.config.model import NAMESPACE, EnvironmentConfig, EnvironmentKind, load_environment
from stacks.environments import stack_file
from stacks.errors import UsageError

# Keys of a template that name or size *that* environment; a sandbox gets its kind's defaults instead.
_NOT_INHERITED = {
    "storage": ("protect", "force_destroy", "blob_noncurrent_days", "zarr_noncurrent_days"),
    "dns": ("existing_zone_id", "parent_zone_id"),
    "heroku": ("app_name", "web", "worker", "checksum_worker", "postgres_plan", "amqp_plan", "log_plan"),
    "netlify": ("site_name", "custom_domain"),
    "sentry": ("environment",),
}


def render_stack_file(values: dict[str, Any], *, comment: str) -> str:
    body = {"config": {f"{NAMESPACE}:{key}": value for key, value in values.items()}}
    text: str = yaml.safe_dump(body, sort_keys=False, default_flow_style=False)
    return "".join(f"# {line}\n" for line in comment.splitlines()) + text


def validated(project_dir: Path, env: str, text: str) -> EnvironmentConfig:
    """Validate `text` as Pulumi.<env>.yaml with the project's defaults, without touching the project."""
    with tempfile.TemporaryDirectory(prefix="dandi-stack-init-") as scratch:
        shutil.copy(project_dir / "Pulumi.yaml", Path(scratch) / "Pulumi.yaml")
        stack_file(Path(scratch), env).write_text(text, encoding="utf-8")
        return load_environment(env, Path(scratch))


def write_new(project_dir: Path, env: str, text: str, *, force: bool = False) -> Path:
    path = stack_file(project_dir, env)
    if path.exists() and not force:
        raise UsageError(f"{path.name} already exists; edit it, or pass --force to replace it")
    validated(project_dir, env, text)
    path.write_text(text, encoding="utf-8")
    return path


def init_values(
    env: str, *, kind: EnvironmentKind, domain: str, prefix: str | None, region: str | None
) -> dict[str, Any]:
    values: dict[str, Any] = {"kind": str(kind), "domain": domain}
    if prefix:
        values["prefix"] = prefix
    if region:
        values["aws_region"] = region
    return values


def sandbox_values(
    project_dir: Path, template: str, name: str, *, owner: str, ttl_hours: int, created: datetime
) -> tuple[dict[str, Any], list[str]]:
    """A sandbox's config from a template environment's file, and the template keys it could not carry over
    (encrypted values are bound to the template stack's key)."""
    doc = yaml.safe_load(stack_file(project_dir, template).read_text(encoding="utf-8")) or {}
    source = {
        str(k).partition(":")[2]: v
        for k, v in (doc.get("config") or {}).items()
        if str(k).startswith(f"{NAMESPACE}:")
    }
    dropped: list[str] = []
    values: dict[str, Any] = {}
    for key, value in source.items():
        if key in ("kind", "sandbox"):
            continue
        if key == "domain":
            values["domain"] = f"{name.removeprefix('sandbox-')}.{value}"
            continue
        if isinstance(value, dict):
            if set(value) == {"secure"}:
                dropped.append(key)
                continue
            kept = {}
            for sub, subvalue in value.items():
                if sub in _NOT_INHERITED.get(key, ()):
                    continue
                if isinstance(subvalue, dict) and set(subvalue) == {"secure"}:
                    dropped.append(f"{key}.{sub}")
                    continue
                kept[sub] = subvalue
            values[key] = kept
            continue
        values[key] = value
    values["kind"] = str(EnvironmentKind.sandbox)
    values["sandbox"] = {
        "owner": owner,
        "ttl_hours": ttl_hours,
        "created": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    return values, dropped
