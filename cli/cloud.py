"""What every cloud-stack command does before touching the engine, in the order a user would want to hear
about problems: which environment, is its config valid, is the engine installed, is there a passphrase, are
there provider credentials.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from stacks.environments import project_dir_from, require_cloud_environment, stack_file
from stacks.errors import PulumiNotFoundError
from stacks.ops import credentials
from stacks.ops.engine import Engine, passphrase_env, resolve_backend


def validate_config(project_dir: Path, env: str) -> Any:
    """The environment's typed config; raises the model's ConfigError (one line per problem)."""
    from stacks.config.model import load_environment

    return load_environment(env, project_dir)


def is_production(config: Any) -> bool:
    kind = getattr(config, "kind", None)
    return str(getattr(kind, "value", kind)) in ("prod", "production")


def open_engine(
    env: str, project_dir: Path | None, backend: str | None, *, need_credentials: bool = True
) -> tuple[Engine, Any]:
    """The engine for ENV and its validated config."""
    root = project_dir_from(project_dir)
    require_cloud_environment(root, env)
    config = validate_config(root, env)
    if shutil.which("pulumi", path=os.environ.get("PATH")) is None:
        raise PulumiNotFoundError()
    passphrase_env()
    if need_credentials:
        credentials.require(stack_file(root, env))
    return Engine(root, env, resolve_backend(root, backend)), config
