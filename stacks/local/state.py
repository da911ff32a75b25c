"""The state directory: where the local environment keeps its database, logs, sockets and runtime facts."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stacks.environments import CODE_ROOT

# Environment variable inherited by every process the environment starts; `down` finds stragglers by it.
MARKER_ENV = "DANDI_STACK_LOCAL_STATE"
# The longest unix socket path Linux and macOS accept (sun_path is 108/104 bytes).
MAX_SOCKET_PATH = 100


def project_root() -> Path:
    """The checkout holding app/ (the local environment runs the bundled app from the source tree)."""
    return CODE_ROOT


def default_state_dir() -> Path:
    return Path(os.environ.get("DANDI_STACK_STATE_DIR") or project_root() / ".state" / "local")


@dataclass(frozen=True)
class StateDir:
    """Paths inside one state directory; only `create` and the runtime-file methods touch the disk."""

    root: Path

    @property
    def pgdata(self) -> Path:
        return self.root / "pgdata"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def supervisor_conf(self) -> Path:
        return self.root / "supervisord.conf"

    @property
    def supervisor_socket(self) -> Path:
        return self.root / "supervisor.sock"

    @property
    def supervisor_pid(self) -> Path:
        return self.root / "supervisord.pid"

    @property
    def broker_socket(self) -> Path:
        return self.root / "broker.sock"

    @property
    def broker_data(self) -> Path:
        """The broker's append-only file: queued tasks survive `down --keep`."""
        return self.root / "broker"

    @property
    def beat_schedule(self) -> Path:
        return self.root / "celerybeat-schedule"

    @property
    def objects(self) -> Path:
        """Objects of the local buckets saved by `down --keep` (moto itself keeps them in memory only)."""
        return self.root / "objects"

    @property
    def aws_credentials(self) -> Path:
        """The app's S3 key (an AWS shared credentials file), issued by the local IAM API at each `up`."""
        return self.root / "aws-credentials"

    @property
    def ui_config(self) -> Path:
        """What the web UI server answers as /config.json (the build in web/dist stays environment-free)."""
        return self.root / "ui-config.json"

    @property
    def maildir(self) -> Path:
        """Every message the app sent, one .eml file each (the local SMTP server writes them)."""
        return self.root / "mail"

    @property
    def runtime_file(self) -> Path:
        return self.root / "runtime.json"

    def log(self, process: str) -> Path:
        return self.logs / f"{process}.log"

    def create(self) -> None:
        """Create the directory private to this user (files holding secrets are 0600 on their own too).

        An existing directory keeps its mode: as root, PostgreSQL's unprivileged user must traverse it.
        """
        if not self.root.exists():
            self.root.mkdir(parents=True, mode=0o700)
        self.logs.mkdir(exist_ok=True)
        self.broker_data.mkdir(exist_ok=True)

    def write_runtime(self, facts: dict[str, Any]) -> None:
        tmp = self.runtime_file.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            json.dump(facts, fh, indent=2)
        tmp.replace(self.runtime_file)

    def read_runtime(self) -> dict[str, Any] | None:
        try:
            return json.loads(self.runtime_file.read_text())
        except (FileNotFoundError, json.JSONDecodeError):
            return None
