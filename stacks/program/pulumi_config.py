"""The environment's config as the running Pulumi program sees it (engine or mocks); the file loader is
stacks/config/model.py, this reads the same keys from the engine and validates them the same way."""

from __future__ import annotations

import contextlib
import json
from typing import Any

import pulumi
from pulumi.runtime import config as runtime_config

from stacks.config.model import NAMESPACE, EnvironmentConfig, validate_environment


def from_pulumi_config() -> EnvironmentConfig:
    """The config inside a running Pulumi program (engine or mocks): decrypted values, same validation."""
    raw: dict[str, Any] = {}
    keys = set(runtime_config.CONFIG.get()) | set(runtime_config.get_config_env())
    for full_key in sorted(k for k in keys if k.startswith(f"{NAMESPACE}:")):
        value = runtime_config.get_config(full_key)
        key = full_key.split(":", 1)[1]
        if isinstance(value, str) and key not in ("kind", "prefix", "domain", "aws_region"):
            with contextlib.suppress(json.JSONDecodeError):
                value = json.loads(value)
        raw[key] = value
    return validate_environment({**raw, "name": pulumi.get_stack()}, source=f"stack {pulumi.get_stack()}")
