"""Render a cloud environment offline: run the stack program under Pulumi mocks and record what it declares.

Used by the CLI's `plan` and by the tests. No engine, no cloud calls: the mocks answer with deterministic ids,
ARNs and name servers derived from resource names, so two renders of one config are equal. Each render runs
in a fresh thread (Pulumi keeps its global state in context variables), so renders can repeat in one process.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from stacks.config.model import EnvironmentConfig

PROJECT = "dandi-stack"
MOCK_ACCOUNT_ID = "123456789012"
CALLER_IDENTITY = "aws:index/getCallerIdentity:getCallerIdentity"
GET_ZONE = "aws:route53/getZone:getZone"


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
    program: Callable[..., Mapping[str, Any]] | None,
    engine_config: dict[str, str],
    secret_keys: list[str],
) -> Rendering:
    import asyncio

    import pulumi
    from pulumi.runtime import mocks, rpc
    from pulumi.runtime.config import set_all_config
    from pulumi.runtime.stack import run_pulumi_func
    from pulumi.runtime.sync_await import _sync_await

    if program is None:
        from stacks.program.stack import build as program

    recorded: list[RecordedResource] = []

    def unwrap(value: Any) -> Any:
        if isinstance(value, dict):
            if value.get(rpc._special_sig_key) == rpc._special_secret_sig:
                return Secret(unwrap(value["value"]))
            return {k: unwrap(v) for k, v in sorted(value.items())}
        if isinstance(value, list):
            return [unwrap(v) for v in value]
        return value

    class Monitor(mocks.MockMonitor):
        def RegisterResource(self, request: Any) -> Any:
            response = super().RegisterResource(request)
            if request.type != "pulumi:pulumi:Stack":
                recorded.append(
                    RecordedResource(
                        type=request.type,
                        name=request.name,
                        urn=response.urn,
                        inputs=unwrap(rpc.deserialize_properties(request.object)),
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
        set_all_config(engine_config, secret_keys)
        fakes = _Fakes()
        pulumi.runtime.set_mocks(
            fakes, project=PROJECT, stack=config.name, preview=False, monitor=Monitor(fakes)
        )
        outputs: dict[str, Any] = {}

        async def main() -> None:
            declared = program(config)
            for key, value in declared.items():
                out = pulumi.Output.from_input(value)
                resolved = unwrap(await out.future())
                outputs[key] = Secret(resolved) if await out.is_secret() else resolved

        _sync_await(run_pulumi_func(main))
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


def _digest(text: str, length: int = 12) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:length].upper()


class _Fakes:
    """Deterministic stand-ins for what AWS would compute (ids, ARNs, keys, name servers)."""

    def new_resource(self, args: Any) -> tuple[str, dict[str, Any]]:
        inputs = dict(args.inputs)
        typ, name = args.typ, args.name
        if typ == "aws:s3/bucket:Bucket":
            bucket = inputs.get("bucket", name)
            return bucket, {**inputs, "bucket": bucket, "arn": f"arn:aws:s3:::{bucket}"}
        if typ == "aws:iam/user:User":
            user = inputs.get("name", name)
            arn = f"arn:aws:iam::{MOCK_ACCOUNT_ID}:user{inputs.get('path', '/')}{user}"
            return user, {**inputs, "name": user, "arn": arn, "uniqueId": f"AIDA{_digest(user, 16)}"}
        if typ == "aws:iam/accessKey:AccessKey":
            return f"AKIA{_digest(name, 16)}", {**inputs, "secret": f"mock-secret-{_digest('s' + name, 32)}"}
        if typ == "aws:route53/zone:Zone":
            zone_id = f"Z{_digest(inputs.get('name', name), 20)}"
            return zone_id, {**inputs, "zoneId": zone_id, "nameServers": _name_servers(zone_id)}
        if typ.startswith(("heroku:", "sentry:", "pulumi-python:dynamic/", "pulumi:pulumi:StackReference")):
            return _cloud_fake(typ, name, inputs)
        return f"{name}-id", inputs

    def call(self, args: Any) -> tuple[dict[str, Any], list[Any]]:
        function = args.token  # a function token such as aws:route53/getZone:getZone, not a credential
        if function == CALLER_IDENTITY:
            return {
                "accountId": MOCK_ACCOUNT_ID,
                "arn": f"arn:aws:iam::{MOCK_ACCOUNT_ID}:user/mock",
                "userId": "AIDAMOCK",
                "id": MOCK_ACCOUNT_ID,
            }, []
        if function == GET_ZONE:
            zone_id = args.args.get("zoneId", "ZMOCK")
            return {
                "zoneId": zone_id,
                "name": args.args.get("name", "example.org"),
                "nameServers": _name_servers(zone_id),
                "id": zone_id,
            }, []
        return {}, []

    def register_transform(self, transform: Any) -> None:
        """Transforms are not used by the program."""

    def register_invoke_transform(self, transform: Any) -> None:
        """Transforms are not used by the program."""


def _cloud_fake(typ: str, name: str, inputs: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """What Heroku, Netlify (dynamic providers) and stack references would compute."""
    if typ == "heroku:app/app:App":
        uuid = _digest(inputs.get("name", name), 32).lower()
        host = f"{inputs.get('name', name)}-{uuid[:12]}.herokuapp.com"
        return uuid, {**inputs, "uuid": uuid, "herokuHostname": host, "webUrl": f"https://{host}/"}
    if typ == "heroku:domain/domain:Domain":
        return f"{name}-id", {**inputs, "cname": f"{_digest(inputs['hostname'], 16).lower()}.herokudns.com"}
    if typ == "pulumi-python:dynamic/netlify:Site":
        site_id = _digest(name, 32).lower()
        return site_id, {**inputs, "site_id": site_id, "default_domain": f"{inputs['name']}.netlify.app"}
    if typ == "pulumi-python:dynamic/random:GeneratedSecret":
        return f"{name}-id", {**inputs, "value": f"mock-generated-{_digest(name, 32)}"}
    if typ == "sentry:index/sentryKey:SentryKey":
        key = _digest(name, 32).lower()
        return key, {**inputs, "dsnPublic": f"https://{key}@o0.ingest.sentry.example/{_digest(name, 6)}"}
    if typ == "pulumi:pulumi:StackReference":
        outputs = {"heroku_pipeline_id": _digest(f"pipeline {name}", 32).lower()}
        return name, {**inputs, "outputs": outputs, "secretOutputNames": []}
    return f"{name}-id", inputs


def _name_servers(zone_id: str) -> list[str]:
    n = int(zone_id[-3:], 16) if all(c in "0123456789ABCDEF" for c in zone_id[-3:]) else 1
    return [f"ns-{n % 512 + i}.awsdns-{i:02d}.{tld}" for i, tld in enumerate(("com", "net", "org", "co.uk"))]
