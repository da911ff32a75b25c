"""A small facade over Rich so commands never talk to Rich directly.

Data (tables, JSON, plans) goes to stdout; messages, errors and progress go to stderr, so `--json` output
stays machine-readable. When stdout/stderr are not terminals (CI, pipes, tests) output is plain text: no
colour, no live display, no wrapping, so logs and tests see stable lines.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console


class Terminal:
    def __init__(self, *, interactive: bool | None = None, can_prompt: bool | None = None) -> None:
        self._interactive = interactive
        self._can_prompt = can_prompt
        self._out: Console | None = None
        self._err: Console | None = None

    @property
    def interactive(self) -> bool:
        """True when a human is watching: both streams are terminals."""
        if self._interactive is None:
            self._interactive = sys.stdout.isatty() and sys.stderr.isatty()
        return self._interactive

    @property
    def can_prompt(self) -> bool:
        """True when someone can answer a question: stdin is a terminal."""
        if self._can_prompt is None:
            self._can_prompt = sys.stdin.isatty()
        return self._can_prompt

    def _console(self, stderr: bool) -> Console:
        from rich.console import Console

        if stderr:
            if self._err is None:
                self._err = Console(stderr=True, highlight=False, soft_wrap=not self.interactive)
            return self._err
        if self._out is None:
            self._out = Console(highlight=False, soft_wrap=not self.interactive)
        return self._out

    def _plain(self, text: str, *, stderr: bool = False) -> None:
        stream = sys.stderr if stderr else sys.stdout
        stream.write(text + "\n")
        stream.flush()

    def echo(self, text: str = "", *, stderr: bool = False) -> None:
        """One line of plain data (never markup-interpreted)."""
        self._plain(text, stderr=stderr)

    def display_info(self, text: str) -> None:
        self._plain(text, stderr=True)

    def display_warning(self, text: str) -> None:
        if self.interactive:
            self._console(True).print(f"[yellow]warning:[/yellow] {_escape(text)}")
        else:
            self._plain(f"warning: {text}", stderr=True)

    def display_error(self, text: str) -> None:
        """One `error: ...` line per problem on stderr."""
        for line in text.splitlines() or [""]:
            if self.interactive:
                self._console(True).print(f"[bold red]error:[/bold red] {_escape(line)}")
            else:
                self._plain(f"error: {line}", stderr=True)

    def display_success(self, text: str) -> None:
        if self.interactive:
            self._console(True).print(f"[green]{_escape(text)}[/green]")
        else:
            self._plain(text, stderr=True)

    def display_json(self, data: Any) -> None:
        self._plain(json.dumps(data, indent=2, sort_keys=True))

    def display_json_line(self, data: Any) -> None:
        self._plain(json.dumps(data, sort_keys=True, separators=(",", ":")))

    def display_table(self, title: str | None, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """A Rich table on a terminal; aligned plain columns otherwise (stable for logs and diffs)."""
        cells = [[_cell(value) for value in row] for row in rows]
        if self.interactive:
            from rich.table import Table

            table = Table(title=title, title_justify="left")
            for column in columns:
                table.add_column(column)
            for row in cells:
                table.add_row(*(_escape(c) for c in row))
            self._console(False).print(table)
            return
        if title:
            self._plain(title)
        widths = [max([len(column)] + [len(row[i]) for row in cells]) for i, column in enumerate(columns)]
        for row in [list(columns), *cells]:
            self._plain("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())

    @contextmanager
    def status(self, text: str) -> Iterator[None]:
        """A spinner on a terminal; one line on stderr otherwise."""
        if self.interactive:
            with self._console(True).status(_escape(text)):
                yield
        else:
            self._plain(f"{text}...", stderr=True)
            yield

    def confirm(self, question: str) -> bool:
        import typer

        return typer.confirm(question, default=False, err=True)

    def prompt(self, question: str) -> str:
        import typer

        return str(typer.prompt(question, default="", show_default=False, err=True))

    def rich_console(self) -> Console:
        """The stderr console for live displays (progress); only meaningful when interactive."""
        return self._console(True)


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
