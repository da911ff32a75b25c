"""Engine events reduced to what a progress display or a `--json` consumer needs, independent of the SDK
classes.

`from_engine` turns a `pulumi.automation.EngineEvent` into an `Event` (or None for events nobody shows);
the rest of dandi-stack never touches SDK event types, so the CLI renders the same way whatever resources
the program builds.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# Operations the engine reports; "same" is unchanged, "read" a data source.
CHANGE_OPS = ("create", "update", "replace", "delete", "create-replacement", "delete-replaced")


@dataclass(frozen=True)
class Event:
    kind: str  # prelude | resource-pre | resource-done | resource-failed | diagnostic | summary | cancel
    urn: str | None = None
    type: str | None = None
    name: str | None = None
    op: str | None = None
    protect: bool = False
    diffs: tuple[str, ...] = ()
    severity: str | None = None
    message: str | None = None
    changes: dict[str, int] = field(default_factory=dict)
    duration_seconds: int | None = None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["diffs"] = list(self.diffs)
        return {k: v for k, v in data.items() if v not in (None, (), [], {}, False) or k == "kind"}


def name_of(urn: str) -> str:
    return urn.rsplit("::", 1)[-1] if urn else ""


def _step(kind: str, metadata: Any) -> Event:
    state = metadata.new or metadata.old
    op = metadata.op.value if hasattr(metadata.op, "value") else str(metadata.op)
    return Event(
        kind=kind,
        urn=metadata.urn,
        type=metadata.type,
        name=name_of(metadata.urn),
        op=op,
        protect=bool(state and state.protect),
        diffs=tuple(sorted(metadata.diffs or ())),
    )


def from_engine(event: Any) -> Event | None:
    if event.prelude_event is not None:
        return Event(kind="prelude")
    if event.resource_pre_event is not None:
        return _step("resource-pre", event.resource_pre_event.metadata)
    if event.res_outputs_event is not None:
        return _step("resource-done", event.res_outputs_event.metadata)
    if event.res_op_failed_event is not None:
        return _step("resource-failed", event.res_op_failed_event.metadata)
    if event.diagnostic_event is not None:
        diag = event.diagnostic_event
        if diag.ephemeral or (diag.severity in ("debug", "info#err") and not diag.message.strip()):
            return None
        return Event(
            kind="diagnostic",
            urn=diag.urn or None,
            name=name_of(diag.urn or ""),
            severity=diag.severity,
            message=diag.message.strip(),
        )
    if event.summary_event is not None:
        summary = event.summary_event
        return Event(
            kind="summary",
            changes={str(k): int(v) for k, v in sorted((summary.resource_changes or {}).items())},
            duration_seconds=summary.duration_seconds,
        )
    if event.cancel_event is not None:
        return Event(kind="cancel")
    return None
