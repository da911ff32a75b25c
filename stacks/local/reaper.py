"""supervisord event listener: when a program's main process dies, kill what is left of its process group.

supervisord makes every program a process-group leader. If the leader is killed (kill -9, OOM) its children
live on as orphans: gunicorn workers keep the listening socket (the restarted master then cannot bind), celery
pool children keep running, postgres backends keep the shared memory the new postmaster needs. Killing the
dead leader's group right away lets the restart succeed in about a second.

Run by supervisord as `python -m stacks.local.reaper`; speaks the event-listener protocol on stdin/stdout.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import TextIO


def parse(line: str) -> dict[str, str]:
    return dict(token.split(":", 1) for token in line.split() if ":" in token)


def reap(pid: int) -> bool:
    """SIGKILL the process group led by dead `pid`; False when nothing was left."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def serve(stdin: TextIO, stdout: TextIO, log: TextIO) -> None:
    while True:
        stdout.write("READY\n")
        stdout.flush()
        header_line = stdin.readline()
        if not header_line:
            return
        header = parse(header_line)
        payload = stdin.read(int(header.get("len", "0")))
        if header.get("eventname") == "PROCESS_STATE_EXITED":
            body = parse(payload.splitlines()[0] if payload else "")
            pid = int(body.get("pid", "0"))
            if pid > 1 and reap(pid):
                log.write(
                    f"{body.get('processname')}: pid {pid} exited; killed the rest of its process group\n"
                )
                log.flush()
        stdout.write("RESULT 2\nOK")
        stdout.flush()


if __name__ == "__main__":
    serve(sys.stdin, sys.stdout, sys.stderr)
