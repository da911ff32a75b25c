"""Reading app/Procfile the way Heroku does: `name: command`, each command run through `sh -c`."""

from __future__ import annotations

import re
from pathlib import Path

from stacks.local.errors import LocalEnvError

_LINE = re.compile(r"^([A-Za-z0-9_-]+)\s*:\s*(.+)$")
# Shell syntax after which `exec` would change the meaning of the line.
_COMPOUND = re.compile(r"&&|\|\||[;|&\n`]|\$\(")


def parse(text: str) -> dict[str, str]:
    """Process name -> command line, in file order; blank lines and comments are skipped."""
    processes: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _LINE.match(line)
        if not match:
            raise LocalEnvError(f"Procfile line {number} is not `name: command`: {line!r}")
        processes[match.group(1)] = match.group(2).strip()
    return processes


def load(path: Path) -> dict[str, str]:
    try:
        return parse(path.read_text())
    except FileNotFoundError:
        raise LocalEnvError(
            f"{path} not found; the local environment runs the bundled app's Procfile"
        ) from None


def shell_argv(command: str) -> list[str]:
    """argv running one Procfile command through `sh -c`, as Heroku does.

    A simple command is prefixed with `exec` so the supervised pid is the program itself: a signal (kill -9)
    then reaches the server, not a shell that would leave it orphaned and holding its port.
    """
    if _COMPOUND.search(command):
        return ["sh", "-c", command]
    return ["sh", "-c", f"exec {command}"]
