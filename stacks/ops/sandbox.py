"""Sandbox lifecycle rules: names, time-to-live, the owner/created/ttl tags and when a sandbox has expired.

Tags are the single source of truth for reaping: they live on the stack in the state backend, so a
scheduled job with only backend access (no Pulumi.sandbox-*.yaml files) can tell which sandboxes are due.
"""

from __future__ import annotations

import getpass
import os
import re
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from stacks.environments import SANDBOX_PREFIX, check_name
from stacks.errors import UsageError

TAG_OWNER = "dandi-stack:owner"
TAG_CREATED = "dandi-stack:created"
TAG_TTL = "dandi-stack:ttl"
TAG_FROM = "dandi-stack:from"
TAG_SALT = "dandi-stack:encryptionsalt"  # not a secret: Pulumi keeps it in the (committable) stack file
MAX_TTL = timedelta(days=30)
_TTL = re.compile(r"^(?P<n>[1-9][0-9]*)(?P<unit>[mhdw])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def stack_name(name: str) -> str:
    if name.startswith(SANDBOX_PREFIX):
        name = name.removeprefix(SANDBOX_PREFIX)
    return check_name(f"{SANDBOX_PREFIX}{name}")


def parse_ttl(text: str) -> timedelta:
    match = _TTL.match(text.strip())
    if not match:
        raise UsageError(f"invalid --ttl {text!r}: use a number and a unit m/h/d/w, e.g. 8h or 3d")
    ttl = timedelta(**{_UNITS[match["unit"]]: int(match["n"])})
    if ttl > MAX_TTL:
        raise UsageError(
            f"--ttl {text} is longer than the 30d maximum for sandboxes; use staging for longer-lived work"
        )
    return ttl


def owner() -> str:
    """$DANDI_STACK_OWNER, else the user part of git's user.email, else the login name; tag-safe."""
    raw = os.environ.get("DANDI_STACK_OWNER", "")
    if not raw:
        try:
            raw = (
                subprocess.run(
                    ["git", "config", "user.email"],  # noqa: S607 (the user's git)
                    capture_output=True,
                    text=True,
                    check=False,
                    timeout=5,
                )
                .stdout.strip()
                .partition("@")[0]
            )
        except (OSError, subprocess.SubprocessError):
            raw = ""
    handle = re.sub(r"[^a-z0-9._-]+", "-", (raw or getpass.getuser()).lower()).strip("-._")[:40]
    if not handle:
        raise UsageError(
            "cannot tell who owns this sandbox; set DANDI_STACK_OWNER to your handle (e.g. alice)"
        )
    return handle


def format_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def tags(*, owner: str, created: datetime, ttl: str, template: str) -> dict[str, str]:
    return {TAG_OWNER: owner, TAG_CREATED: format_time(created), TAG_TTL: ttl, TAG_FROM: template}


def encryption_salt(stack_file: Path) -> str | None:
    """The passphrase provider's salt that `pulumi stack init` wrote into the stack file."""
    import yaml

    if not stack_file.is_file():
        return None
    doc = yaml.safe_load(stack_file.read_text(encoding="utf-8")) or {}
    salt = doc.get("encryptionsalt") if isinstance(doc, dict) else None
    return salt if isinstance(salt, str) else None


def restore_stack_file(stack_file: Path, stack_tags: dict[str, str]) -> bool:
    """Recreate a minimal stack file (its salt, no config) where a reaper has only the backend: destroy works
    from state, but the engine needs the salt to open the stack's secrets. True when a file was written."""
    salt = stack_tags.get(TAG_SALT)
    if stack_file.exists() or not salt:
        return False
    stack_file.write_text(f"encryptionsalt: {salt}\nconfig: {{}}\n", encoding="utf-8")
    return True


@dataclass(frozen=True)
class SandboxStatus:
    stack: str
    owner: str
    created: datetime | None
    expires: datetime | None
    state: str  # active | expired | updating | untagged

    @property
    def expired(self) -> bool:
        return self.state == "expired"


def status(stack: str, stack_tags: dict[str, str], *, now: datetime, updating: bool = False) -> SandboxStatus:
    """A sandbox without valid created/ttl tags is reported `untagged` and never reaped automatically."""
    created = expires = None
    try:
        created = datetime.strptime(stack_tags[TAG_CREATED], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        expires = created + parse_ttl(stack_tags[TAG_TTL])
    except (KeyError, ValueError, UsageError):
        state = "untagged"
    else:
        state = "expired" if now >= expires else "active"
    if updating:
        state = "updating"
    return SandboxStatus(stack, stack_tags.get(TAG_OWNER, "-"), created, expires, state)
