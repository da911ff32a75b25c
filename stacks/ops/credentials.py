"""Provider credentials a cloud operation needs, checked before the engine starts so a missing one is one line
naming the variable instead of a provider stack trace minutes into an update."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stacks.errors import MissingCredentialsError


@dataclass(frozen=True)
class Credential:
    provider: str
    variable: str  # the variable the error names
    alternatives: tuple[tuple[str, ...], ...]  # any complete group of env vars satisfies it
    config_keys: tuple[str, ...]  # or one of these stack config keys
    hint: str


REQUIRED: tuple[Credential, ...] = (
    Credential(
        provider="AWS",
        variable="AWS_ACCESS_KEY_ID",
        alternatives=(
            ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"),
            ("AWS_PROFILE",),
            ("AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN"),
        ),
        config_keys=("aws:profile", "aws:accessKey"),
        hint="set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE)",
    ),
    Credential(
        provider="Heroku",
        variable="HEROKU_API_KEY",
        alternatives=(("HEROKU_API_KEY",),),
        config_keys=("heroku:apiKey",),
        hint="set HEROKU_API_KEY (heroku authorizations:create) or the secret stack config heroku:apiKey",
    ),
    Credential(
        provider="Netlify",
        variable="NETLIFY_AUTH_TOKEN",
        alternatives=(("NETLIFY_AUTH_TOKEN",),),
        config_keys=("dandi-stack:netlify.auth_token",),
        hint="set NETLIFY_AUTH_TOKEN (a Netlify personal access token) or the secret stack config "
        "dandi-stack:netlify.auth_token",
    ),
)


def stack_config_keys(stack_file: Path) -> set[str]:
    import yaml

    if not stack_file.is_file():
        return set()
    data: Any = yaml.safe_load(stack_file.read_text(encoding="utf-8")) or {}
    config = data.get("config") or {}
    if not isinstance(config, dict):
        return set()
    keys = set()
    for key, value in config.items():
        keys.add(str(key))
        if isinstance(value, dict) and set(value) != {"secure"}:
            keys.update(f"{key}.{sub}" for sub, subvalue in value.items() if subvalue is not None)
    return keys


def missing(environ: Mapping[str, str], config_keys: set[str]) -> list[str]:
    """One line per provider without credentials, naming the variable to set."""
    problems = []
    for cred in REQUIRED:
        if any(all(environ.get(var) for var in group) for group in cred.alternatives):
            continue
        if config_keys & set(cred.config_keys):
            continue
        partial = next((g for g in cred.alternatives if any(environ.get(v) for v in g)), None)
        if partial:
            absent = [v for v in partial if not environ.get(v)]
            problems.append(
                f"missing {cred.provider} credentials: {', '.join(absent)} is not set ({cred.hint})"
            )
        else:
            problems.append(f"missing {cred.provider} credentials: {cred.variable} is not set ({cred.hint})")
    return problems


def require(stack_file: Path, environ: Mapping[str, str] | None = None) -> None:
    problems = missing(os.environ if environ is None else environ, stack_config_keys(stack_file))
    if problems:
        raise MissingCredentialsError("\n".join(problems))
