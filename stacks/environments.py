"""Environment identity, in one place: names and their pattern, the `local` and sandbox conventions, stack
files, the project and code directories. The environments: `local` plus one per `Pulumi.<env>.yaml`."""

from __future__ import annotations

import os
import re
from pathlib import Path

from stacks.errors import UnknownEnvironmentError, UsageError

# The tree holding stacks/, app/ and web/ (a checkout, or the installed package's): the one place it is found.
CODE_ROOT = Path(__file__).resolve().parent.parent
LOCAL = "local"
SANDBOX_PREFIX = "sandbox-"
# An environment (stack) name; 30 characters at most so every resource name derived from it stays legal.
NAME_PATTERN = r"^[a-z][a-z0-9-]{0,29}$"
_NAME = re.compile(NAME_PATTERN)
_STACK_FILE = re.compile(r"^Pulumi\.(?P<env>[^.]+)\.yaml$")


def find_project_dir(start: Path | None = None) -> Path:
    """The nearest directory at or above `start` (default cwd) with Pulumi.yaml; else the installed tree."""
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / "Pulumi.yaml").is_file():
            return candidate
    if (CODE_ROOT / "Pulumi.yaml").is_file():
        return CODE_ROOT
    raise UsageError(
        f"no Pulumi.yaml in {here} or above; run inside a dandi-stack project or pass --project-dir"
    )


def project_dir_from(option: Path | None) -> Path:
    if option is None:
        env = os.environ.get("DANDI_STACK_PROJECT_DIR")
        option = Path(env) if env else None
    if option is None:
        return find_project_dir()
    if not (option / "Pulumi.yaml").is_file():
        raise UsageError(f"{option} holds no Pulumi.yaml; pass the dandi-stack project directory")
    return option.resolve()


def stack_file(project_dir: Path, env: str) -> Path:
    return project_dir / f"Pulumi.{env}.yaml"


def cloud_environments(project_dir: Path) -> list[str]:
    found = (_STACK_FILE.match(p.name) for p in project_dir.glob("Pulumi.*.yaml"))
    return sorted(m["env"] for m in found if m)


def known_environments(project_dir: Path) -> list[str]:
    return [LOCAL, *cloud_environments(project_dir)]


def check_name(env: str) -> str:
    if not _NAME.match(env):
        raise UsageError(
            f"invalid environment name {env!r}: use lowercase letters, digits and dashes, "
            "starting with a letter, 30 characters at most"
        )
    return env


def require_cloud_environment(project_dir: Path, env: str) -> str:
    """`env` if a stack file exists for it; otherwise one line listing the known environments."""
    if env == LOCAL:
        raise UsageError("`local` is not a Pulumi stack; use `dandi-stack up` / `down` / `status` for it")
    if env not in cloud_environments(project_dir):
        raise UnknownEnvironmentError(env, known_environments(project_dir))
    return env


def is_sandbox(env: str) -> bool:
    return env.startswith(SANDBOX_PREFIX)
