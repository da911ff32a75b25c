"""Renders engine events while an operation runs, and its summary after.

On a terminal: a live panel (counts by operation, the resource in flight, elapsed time) with errors printed
above it as they happen. Elsewhere: one line per finished resource operation. With --json: one JSON object
per event on stdout and nothing else, for machines.
"""

from __future__ import annotations

import time
from collections import Counter
from types import TracebackType
from typing import TYPE_CHECKING, Any

from cli.terminal import Terminal
from stacks.ops.events import Event

if TYPE_CHECKING:
    from stacks.ops.engine import OperationResult, OutputValue

SYMBOLS = {
    "create": "+",
    "update": "~",
    "replace": "+-",
    "create-replacement": "++",
    "delete-replaced": "--",
    "delete": "-",
    "read": ">",
    "refresh": "~",
    "same": " ",
}
PAST = {
    "create": "created",
    "update": "updated",
    "replace": "replaced",
    "delete": "deleted",
    "same": "unchanged",
}


class Progress:
    def __init__(self, terminal: Terminal, title: str, *, json_events: bool = False) -> None:
        self.terminal = terminal
        self.title = title
        self.json_events = json_events
        self.counts: Counter[str] = Counter()
        self.current: str | None = None
        self.errors = 0
        self.started = time.monotonic()
        self._began: dict[str, float] = {}
        self.durations: dict[str, float] = {}
        self._live: Any = None

    def __enter__(self) -> Progress:
        if self.terminal.interactive and not self.json_events:
            from rich.live import Live

            self._live = Live(
                console=self.terminal.rich_console(),
                get_renderable=self._panel,
                refresh_per_second=4,
                transient=True,
            )
            self._live.__enter__()
        elif not self.json_events:
            self.terminal.display_info(f"{self.title}...")
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._live is not None:
            self._live.__exit__(exc_type, exc, tb)
            self._live = None

    def _panel(self) -> Any:
        from rich.table import Table

        grid = Table.grid(padding=(0, 2))
        elapsed = time.monotonic() - self.started
        grid.add_row(f"[bold]{self.title}[/bold]", f"{elapsed:5.1f}s")
        ops = (
            ", ".join(f"{SYMBOLS.get(op, '?')} {op} {n}" for op, n in sorted(self.counts.items()))
            or "starting"
        )
        grid.add_row("operations", ops)
        grid.add_row("current", self.current or "-")
        if self.errors:
            grid.add_row("[red]errors[/red]", str(self.errors))
        return grid

    def on_event(self, event: Event) -> None:
        if self.json_events:
            self.terminal.display_json_line(event.to_json())
            return
        if event.kind == "resource-pre" and event.op != "same":
            self.current = f"{event.op} {event.type} {event.name}"
            if event.urn:
                self._began[event.urn] = time.monotonic()
        elif event.kind == "resource-done" and event.op:
            self.counts[event.op] += 1
            if event.urn in self._began:
                self.durations[event.name or event.urn] = time.monotonic() - self._began.pop(event.urn)
            if event.op != "same" and not self.terminal.interactive:
                self.terminal.display_info(
                    f"{SYMBOLS.get(event.op, '?'):>2} {event.op} {event.type} {event.name}"
                )
        elif event.kind == "resource-failed":
            self.errors += 1
            self.terminal.display_error(f"{event.op} failed: {event.type} {event.name}")
        elif event.kind == "diagnostic" and event.severity == "error" and event.message:
            self.errors += 1
            where = f"{event.name}: " if event.name else ""
            self.terminal.display_error(f"{where}{event.message.splitlines()[0]}")
        elif event.kind == "diagnostic" and event.severity == "warning" and event.message:
            where = f"{event.name}: " if event.name else ""
            self.terminal.display_warning(f"{where}{event.message.splitlines()[0]}")


SLOW_SECONDS = 1.0


def slowest_line(durations: dict[str, float], count: int = 3) -> str | None:
    """`slowest: a 42.0s, b 7.5s` over resources that took at least SLOW_SECONDS, or None."""
    slow = sorted(((s, n) for n, s in durations.items() if s >= SLOW_SECONDS), reverse=True)[:count]
    return "slowest: " + ", ".join(f"{name} {seconds:.1f}s" for seconds, name in slow) if slow else None


def summary_line(result: OperationResult, *, planned: bool = False) -> str:
    """`3 to create, 1 to update, 12 unchanged` (planned) or `3 created, 1 updated, 12 unchanged in 41s`."""
    parts = []
    for op in ("create", "update", "replace", "delete", "same"):
        n = result.changes.get(op, 0)
        if n or op == "same":
            parts.append(f"{n} {'unchanged' if op == 'same' else (f'to {op}' if planned else PAST[op])}")
    line = ", ".join(parts)
    if result.duration_seconds is not None and not planned:
        line += f" in {result.duration_seconds}s"
    return line


def display_outputs(
    terminal: Terminal, outputs: dict[str, OutputValue], *, show_secrets: bool = False
) -> None:
    if not outputs:
        return
    rows = [
        (key, "[secret]" if out.secret and not show_secrets else _scalar(out.value))
        for key, out in outputs.items()
    ]
    terminal.display_table("Outputs", ["name", "value"], rows)


def _scalar(value: Any) -> str:
    import json

    return value if isinstance(value, str) else json.dumps(value, sort_keys=True)
