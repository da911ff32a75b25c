"""The loopback ports the local environment listens on, their defaults and their CLI flags."""

from __future__ import annotations

import socket
from dataclasses import asdict, dataclass

from stacks.local.errors import PortInUse

HOST = "127.0.0.1"

# Which flag changes which port: used in the "port taken" message so it names the fix.
FLAGS = {"web": "--port", "s3": "--s3-port", "postgres": "--postgres-port", "ui": "--ui-port"}


@dataclass(frozen=True)
class LocalPorts:
    """Ports of the web API, the S3/IAM/Route53 API (moto), PostgreSQL and the web UI."""

    web: int = 8000
    s3: int = 9000
    postgres: int = 55432
    ui: int = 8085  # the port the app's settings already assume for the web UI when nothing says otherwise

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def is_free(port: int, host: str = HOST) -> bool:
    """True when a server could listen on host:port now (binding is the only reliable test).

    SO_REUSEADDR as the servers themselves set it: connections in TIME_WAIT do not make a port taken.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def free_port(host: str = HOST) -> int:
    """A port the kernel says is free right now (for tests and benchmarks)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def ensure_free(ports: LocalPorts, *, roles: tuple[str, ...] = ("web", "s3", "postgres")) -> None:
    """Raise PortInUse naming the first taken port and the flag that moves it."""
    seen: set[int] = set()
    for role in roles:
        port = getattr(ports, role)
        if port in seen or not is_free(port):
            raise PortInUse(role, port, FLAGS[role])
        seen.add(port)
