"""The `local` environment: the whole clone on one machine (moto, PostgreSQL from a wheel, supervisord).

The entry points are re-exported here: the CLI calls `stacks.local.up(...)` without knowing the layout.
"""

from stacks.local.errors import LocalEnvError
from stacks.local.ports import LocalPorts
from stacks.local.runtime import down, logs, status, up

__all__ = ["LocalEnvError", "LocalPorts", "down", "logs", "status", "up"]
