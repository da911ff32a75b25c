"""Render a cloud environment offline: run the stack program under Pulumi mocks and record what it declares.

Used by the CLI's `plan` and by the tests. No engine, no cloud calls: the mocks (stacks/plan/fakes/) answer
with deterministic ids, ARNs and name servers derived from resource names, so two renders of one config are
equal. Each render runs in a fresh thread (Pulumi keeps its global state in context variables), so renders can
repeat in one process. The SDK internals this needs are isolated in stacks/plan/pulumi_internals.py.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from stacks.config.model import EnvironmentConfig

PROJECT = "dandi-stack"


@dataclass(frozen=True)
class Secret:
    """A value Pulumi treats as secret; repr and redacted() never show it."""

    value: Any

    def __repr__(self) -> str:
        return "Secret('[secret]')"


@dataclass(frozen=True)
class RecordedResource:
    type: str
    name: str
    urn: str
    inputs: Mapping[str, Any]
    parent: str | None
    protect: bool
    retain_on_delete: bool
    dependencies: tuple[str, ...]
    custom: bool
    provider: str | None = None
    additional_secret_outputs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rendering:
    project: str
    stack: str
    resources: tuple[RecordedResource, ...]
    outputs: Mapping[str, Any] = field(default_factory=dict)

    def of_type(self, type_: str) -> list[RecordedResource]:
        return [r for r in self.resources if r.type == type_]

    def named(self, name: str) -> RecordedResource:
        matches = [r for r in self.resources if r.name == name]
        if len(matches) != 1:
            raise KeyError(f"{len(matches)} resources named {name!r}")
        return matches[0]

    def by_urn(self, urn: str) -> RecordedResource:
        return next(r for r in self.resources if r.urn == urn)

    def children(self, urn: str) -> list[RecordedResource]:
        return [r for r in self.resources if r.parent == urn]

    def redacted(self) -> dict[str, Any]:
        """JSON-ready view with every secret replaced by "[secret]"."""
        return {
            "project": self.project,
            "stack": self.stack,
            "resources": [
                {
                    "type": r.type,
                    "name": r.name,
                    "urn": r.urn,
                    "parent": r.parent,
                    "protect": r.protect,
                    "retain_on_delete": r.retain_on_delete,
                    "custom": r.custom,
                    "dependencies": list(r.dependencies),
                    "inputs": _redact(dict(r.inputs)),
                }
                for r in self.resources
            ],
            "outputs": _redact(dict(self.outputs)),
        }

    def to_json(self) -> str:
        return json.dumps(self.redacted(), indent=2, sort_keys=True)


def _redact(value: Any) -> Any:
    if isinstance(value, Secret):
        return "[secret]"
    if isinstance(value, dict):
        return {k: _redact(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_redact(v) for v in value]
    return value


def render(
    config: EnvironmentConfig,
    *,
    program: Callable[[EnvironmentConfig], Mapping[str, Any]] | None = None,
    engine_config: Mapping[str, str] | None = None,
    secret_keys: Sequence[str] = (),
) -> Rendering:
    """Run `program` (default: stacks.program.stack.build) for `config` under mocks; raise what it raises.

    `engine_config` (full keys, string values, as the engine passes them) is what pulumi.Config sees.
    """
    result: dict[str, Any] = {}

    def run() -> None:
        try:
            result["rendering"] = _render_in_thread(
                config, program, dict(engine_config or {}), list(secret_keys)
            )
        except BaseException as exc:
            result["error"] = exc

    thread = threading.Thread(target=run, name=f"render-{config.name}")
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["rendering"]


def _render_in_thread(
    config: EnvironmentConfig,
    program: Callable[[EnvironmentConfig], Mapping[str, Any]] | None,
    engine_config: dict[str, str],
    secret_keys: list[str],
) -> Rendering:
    import asyncio

    import pulumi

    from stacks.plan import pulumi_internals as sdk
    from stacks.plan.fakes import Fakes

    if program is None:
        from stacks.program.stack import build as program
    assert program is not None

    recorded: list[RecordedResource] = []

    def unwrap(value: Any) -> Any:
        if isinstance(value, dict):
            secret, inner = sdk.unwrap_secret(value)
            if secret:
                return Secret(unwrap(inner))
            return {k: unwrap(v) for k, v in sorted(value.items())}
        if isinstance(value, list):
            return [unwrap(v) for v in value]
        return value

    class Monitor(sdk.MockMonitor):
        def RegisterResource(self, request: Any) -> Any:
            response = super().RegisterResource(request)
            if request.type != "pulumi:pulumi:Stack":
                recorded.append(
                    RecordedResource(
                        type=request.type,
                        name=request.name,
                        urn=response.urn,
                        inputs=unwrap(sdk.deserialize(request.object)),
                        parent=request.parent or None,
                        protect=bool(request.protect),
                        retain_on_delete=bool(request.retainOnDelete),
                        dependencies=tuple(sorted(set(request.dependencies))),
                        custom=bool(request.custom),
                        provider=request.provider or None,
                        additional_secret_outputs=tuple(request.additionalSecretOutputs),
                    )
                )
            return response

    # Pulumi's mock monitor runs in the loop's default executor and makes an event loop per worker thread:
    # give it workers whose loops are closed afterwards, so nothing leaks between renders.
    worker_loops: list[asyncio.AbstractEventLoop] = []

    def worker_loop() -> None:
        worker_loops.append(asyncio.new_event_loop())
        asyncio.set_event_loop(worker_loops[-1])

    executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="render-monitor", initializer=worker_loop)
    loop = asyncio.new_event_loop()
    loop.set_default_executor(executor)
    asyncio.set_event_loop(loop)
    try:
        sdk.set_engine_config(engine_config, secret_keys)
        fakes = Fakes()
        pulumi.runtime.set_mocks(
            fakes, project=PROJECT, stack=config.name, preview=False, monitor=Monitor(fakes)
        )
        outputs: dict[str, Any] = {}
        build = program

        async def main() -> None:
            declared = build(config)
            for key, value in declared.items():
                out = pulumi.Output.from_input(value)
                resolved = unwrap(await out.future())
                outputs[key] = Secret(resolved) if await out.is_secret() else resolved

        sdk.run_program(main)
    finally:
        executor.shutdown(wait=True)
        for each in (*worker_loops, loop):
            each.close()
        asyncio.set_event_loop(None)
    return Rendering(
        project=PROJECT,
        stack=config.name,
        resources=tuple(sorted(recorded, key=lambda r: r.urn)),
        outputs=dict(sorted(outputs.items())),
    )
