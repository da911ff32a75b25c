"""The local environment's mail server: a real SMTP server (aiosmtpd) that keeps every message it receives as
an .eml file in the state directory, where `dandi-stack mail` lists them. Nothing is relayed anywhere.

Run under the supervisor as `python -m stacks.local.mailserver --port N --maildir DIR`.
"""

from __future__ import annotations

import argparse
import email
import email.policy
import os
import signal
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class MaildirHandler:
    """aiosmtpd handler: each accepted message becomes one file, written whole before it is renamed in."""

    def __init__(self, maildir: Path) -> None:
        self.maildir = maildir
        maildir.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        name = f"{time.time_ns()}-{uuid.uuid4().hex[:8]}.eml"
        tmp = self.maildir / f".{name}.tmp"
        content = envelope.original_content or envelope.content
        header = f"X-Envelope-To: {', '.join(envelope.rcpt_tos)}\r\n".encode()
        tmp.write_bytes(header + (content if isinstance(content, bytes) else content.encode()))
        os.replace(tmp, self.maildir / name)
        return "250 Message accepted for delivery"


def serve(*, host: str, port: int, maildir: Path, stop: threading.Event) -> None:
    from aiosmtpd.controller import Controller

    controller = Controller(MaildirHandler(maildir), hostname=host, port=port)
    controller.start()
    try:
        stop.wait()
    finally:
        controller.stop()


@dataclass(frozen=True)
class Message:
    path: Path
    date: str
    sender: str
    to: str
    subject: str
    body: str


def read_messages(maildir: Path) -> list[Message]:
    """Messages in the order received (oldest first)."""
    if not maildir.is_dir():
        return []
    found = []
    for path in sorted(maildir.glob("*.eml")):
        parsed = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        body = parsed.get_body(preferencelist=("plain",))
        found.append(
            Message(
                path=path,
                date=str(parsed.get("Date", "")),
                sender=str(parsed.get("From", "")),
                to=str(parsed.get("X-Envelope-To", "") or parsed.get("To", "")),
                subject=str(parsed.get("Subject", "")),
                body=body.get_content() if body is not None else "",
            )
        )
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--maildir", type=Path, required=True)
    args = parser.parse_args(argv)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    serve(host=args.host, port=args.port, maildir=args.maildir, stop=stop)


if __name__ == "__main__":
    main()
