"""The local environment's mail: the SMTP server program under the supervisor and the messages it kept."""

from __future__ import annotations

import sys
from pathlib import Path

from stacks.local import supervisor
from stacks.local.mailserver import Message, read_messages
from stacks.local.ports import HOST
from stacks.local.state import StateDir, default_state_dir

PROGRAM = "mail"

__all__ = ["PROGRAM", "Message", "messages", "program"]


def program(state: StateDir, port: int) -> supervisor.Program:
    argv = [
        sys.executable,
        "-m",
        "stacks.local.mailserver",
        "--host",
        HOST,
        "--port",
        str(port),
        "--maildir",
        str(state.maildir),
    ]
    return supervisor.Program(PROGRAM, argv, directory=str(state.root), priority=100)


def messages(state_dir: Path | None = None) -> list[Message]:
    """What the state directory's mail server kept (none when it never ran)."""
    root = Path(state_dir or default_state_dir()).expanduser().resolve()
    return read_messages(StateDir(root).maildir)
