"""The local environment's mail server (aiosmtpd, run in this process on a free loopback port) keeps what a
real SMTP client sends, and `dandi-stack mail` lists it."""

from __future__ import annotations

import smtplib
import threading
import time
from email.message import EmailMessage
from pathlib import Path

from typer.testing import CliRunner

from cli.main import app
from stacks.local import mailserver
from stacks.local.ports import free_port

runner = CliRunner()


def test_messages_sent_over_smtp_are_kept_and_listed(tmp_path: Path) -> None:
    state = tmp_path / "state"
    assert runner.invoke(app, ["mail", "--state-dir", str(state)]).stdout == "No mail yet.\n"
    port = free_port()
    stop = threading.Event()
    server = threading.Thread(
        target=mailserver.serve,
        kwargs={"host": "127.0.0.1", "port": port, "maildir": state / "mail", "stop": stop},
        daemon=True,
    )
    server.start()
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                smtp = smtplib.SMTP("127.0.0.1", port, timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        with smtp:
            for n in (1, 2):
                message = EmailMessage()
                message["From"] = "noreply@localhost"
                message["To"] = f"user{n}@example.org"
                message["Subject"] = f"Notice {n}"
                message.set_content(f"Body of notice {n}\nsecond line")
                smtp.send_message(message)
    finally:
        stop.set()
        server.join(timeout=10)
    kept = mailserver.read_messages(state / "mail")
    assert [(m.to, m.subject) for m in kept] == [
        ("user1@example.org", "Notice 1"),
        ("user2@example.org", "Notice 2"),
    ]
    assert not list((state / "mail").glob(".*.tmp"))
    listed = runner.invoke(app, ["mail", "--state-dir", str(state)])
    assert listed.exit_code == 0
    lines = listed.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].endswith("to user1@example.org  Notice 1")
    full = runner.invoke(app, ["mail", "--state-dir", str(state), "--full"]).stdout
    assert "    Body of notice 2\n    second line\n" in full
