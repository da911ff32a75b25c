"""The Pulumi SDK internals the offline render needs, isolated here: nothing else imports them.

Pulumi publishes mocks for unit tests (`pulumi.runtime.set_mocks`) but no way to drive a whole program from a
plain function and collect what it registers; the render does that with the names below, none of which are
public API. tests/stacks/plan/test_pulumi_internals.py checks each of them, so an SDK upgrade that moves or
changes one fails there, by name, instead of deep inside a render.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from pulumi.runtime import mocks, rpc
from pulumi.runtime.config import set_all_config
from pulumi.runtime.stack import run_pulumi_func
from pulumi.runtime.sync_await import _sync_await

# The mock engine the render subclasses to record each RegisterResource request.
MockMonitor = mocks.MockMonitor


def set_engine_config(config: dict[str, str], secret_keys: list[str]) -> None:
    """What pulumi.Config reads, as the engine would pass it (full keys, string values)."""
    set_all_config(config, secret_keys)


def deserialize(properties: Any) -> Any:
    """A request's protobuf Struct of inputs as Python values (secrets still wrapped, see unwrap_secret)."""
    return rpc.deserialize_properties(properties)


def unwrap_secret(value: Any) -> tuple[bool, Any]:
    """(True, inner value) for the SDK's wire form of a secret, else (False, value)."""
    if isinstance(value, dict) and value.get(rpc._special_sig_key) == rpc._special_secret_sig:
        return True, value["value"]
    return False, value


def run_program(main: Callable[[], Awaitable[None]]) -> None:
    """Run `main` as the SDK runs a stack's program, waiting until every registration has settled."""
    _sync_await(run_pulumi_func(main))
