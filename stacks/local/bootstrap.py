"""One-off app commands run before the processes start: the Procfile's release line and the admin token."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from stacks.local.errors import LocalEnvError
from stacks.local.procfile import shell_argv

# Read by the app's create_admin_token command.
ADMIN_PASSWORD_ENV = "DJANGO_DANDI_ADMIN_PASSWORD"  # noqa: S105 - a variable's name, not a password


def run_release(command: str, *, app_dir: Path, env: dict[str, str], log: Path, timeout: float = 300) -> None:
    """Run the release phase (migrations) like Heroku does before a deploy; output goes to release.log."""
    with log.open("a") as out:
        result = subprocess.run(
            shell_argv(command),
            cwd=app_dir,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=timeout,
            check=False,
        )
    if result.returncode != 0:
        raise LocalEnvError(f"the release command failed (exit {result.returncode}); see {log}")


def create_admin_token(
    *,
    app_dir: Path,
    env: dict[str, str],
    username: str,
    email: str,
    log: Path,
    python: str,
    password: str | None = None,
) -> str:
    """Run the app's idempotent `create_admin_token` and return the 40-hex API key it prints. With
    `password`, the admin signs in with it (the admin site, the web UI); it travels in the command's
    environment, never on its command line."""
    result = subprocess.run(
        [python, "manage.py", "create_admin_token", "--username", username, "--email", email],
        cwd=app_dir,
        env={**env, ADMIN_PASSWORD_ENV: password} if password else env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    with log.open("a") as out:
        out.write(result.stderr)
    if result.returncode != 0:
        raise LocalEnvError(f"creating the admin token failed (exit {result.returncode}); see {log}")
    for line in reversed(result.stdout.strip().splitlines()):
        try:
            token = json.loads(line)["token"]
        except (json.JSONDecodeError, KeyError, TypeError):
            continue
        if isinstance(token, str) and len(token) == 40:
            return token
    raise LocalEnvError(f"create_admin_token printed no token; see {log}")
