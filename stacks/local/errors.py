"""Errors the local runtime raises; each carries the one line the CLI prints (what went wrong, what to do)."""

from __future__ import annotations

from stacks.errors import UserError


class LocalEnvError(UserError):
    """A problem of the local environment the user can fix; `str(err)` is the whole message."""


class PortInUse(LocalEnvError):
    """A port the environment needs is taken by another program."""

    def __init__(self, role: str, port: int, flag: str) -> None:
        super().__init__(
            f"port {port} ({role}) is already in use on 127.0.0.1; pick another with {flag} PORT"
        )
        self.role, self.port, self.flag = role, port, flag


class MissingPrerequisite(LocalEnvError):
    """Something the environment needs is not installed."""
