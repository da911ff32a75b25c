"""The Automation API glue: one cloud environment = one stack of the local program in the project directory.

The program is the project's own (Pulumi.yaml `main: stacks/`), run by the `pulumi` CLI as a local program,
and each stack reads its config from `Pulumi.<env>.yaml` beside Pulumi.yaml. State lives in a backend
(default: a `file://` directory under the project, see `DEFAULT_STATE_DIR`), secrets are encrypted with a
passphrase. Every SDK failure is turned into a one-line `stacks.errors.UserError` here, so callers never
see SDK exception types.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stacks import errors
from stacks.ops.events import CHANGE_OPS, Event, from_engine

if TYPE_CHECKING:
    from pulumi.automation import Stack

MIN_PULUMI_VERSION = (
    "3.200.0"  # the floor of the Python SDK this project pins; older CLIs mis-handle its programs
)
DEFAULT_STATE_DIR = ".state/pulumi"
BACKEND_ENV = "DANDI_STACK_BACKEND"
PASSPHRASE_ENV = "PULUMI_CONFIG_PASSPHRASE"  # noqa: S105 (a variable name, not a secret)
PASSPHRASE_FILE_ENV = "PULUMI_CONFIG_PASSPHRASE_FILE"  # noqa: S105
_BACKEND_SCHEMES = ("file://", "s3://", "gs://", "azblob://", "https://")

OnEvent = Callable[[Event], None]
OnOutput = Callable[[str], None]


def resolve_backend(project_dir: Path, option: str | None) -> str:
    """--backend, else $DANDI_STACK_BACKEND, else file://<project>/.state/pulumi (created on first use)."""
    url = option or os.environ.get(BACKEND_ENV) or f"file://{project_dir / DEFAULT_STATE_DIR}"
    if not url.startswith(_BACKEND_SCHEMES):
        raise errors.UsageError(
            f"unsupported state backend {url!r}; use file://DIR, s3://BUCKET[/PREFIX] or https://api.pulumi.com"
        )
    return url


def passphrase_env(environ: dict[str, str] | None = None) -> dict[str, str]:
    """The variables that hand the secrets passphrase to the engine; a clear error when there is none."""
    environ = dict(os.environ if environ is None else environ)
    if environ.get(PASSPHRASE_ENV):
        return {PASSPHRASE_ENV: environ[PASSPHRASE_ENV]}
    path = environ.get(PASSPHRASE_FILE_ENV)
    if path:
        file = Path(path)
        if not file.is_file() or not file.read_text(encoding="utf-8").strip():
            raise errors.MissingPassphraseError(
                f"{PASSPHRASE_FILE_ENV}={path} is not a readable file holding the passphrase; "
                "fix the path or set "
                f"{PASSPHRASE_ENV}"
            )
        return {PASSPHRASE_FILE_ENV: str(file.resolve())}
    raise errors.MissingPassphraseError(
        f"no secrets passphrase: set {PASSPHRASE_ENV} (or {PASSPHRASE_FILE_ENV} to a file holding it); "
        "it encrypts "
        "this stack's secrets in the state backend, so keep it in a password manager"
    )


@dataclass
class Step:
    """One resource operation of a preview or an update."""

    op: str
    urn: str
    type: str
    name: str
    protect: bool = False
    diffs: tuple[str, ...] = ()


@dataclass
class OperationResult:
    changes: dict[str, int] = field(default_factory=dict)
    steps: list[Step] = field(default_factory=list)
    duration_seconds: int | None = None
    failed: list[str] = field(default_factory=list)

    def record(self, event: Event) -> None:
        if event.kind == "resource-pre" and event.urn and event.op:
            self.steps.append(
                Step(
                    op=event.op,
                    urn=event.urn,
                    type=event.type or "",
                    name=event.name or "",
                    protect=event.protect,
                    diffs=event.diffs,
                )
            )
        elif event.kind == "resource-failed" and event.urn:
            self.failed.append(event.urn)
        elif event.kind == "summary":
            self.changes = dict(event.changes)
            self.duration_seconds = event.duration_seconds

    @property
    def has_changes(self) -> bool:
        return any(self.changes.get(op, 0) for op in CHANGE_OPS)


@dataclass(frozen=True)
class OutputValue:
    value: Any
    secret: bool


@dataclass(frozen=True)
class StackInfo:
    name: str
    resource_count: int | None
    last_update: datetime | None
    update_in_progress: bool


class Engine:
    """Operations on one stack (`env`) of the project's program against one state backend."""

    def __init__(self, project_dir: Path, env: str, backend_url: str) -> None:
        self.project_dir = project_dir
        self.env = env
        self.backend_url = backend_url
        self._workspace: Any = None
        self.created = False  # set when an operation had to create the stack (first up/preview of ENV)

    # -- plumbing --------------------------------------------------------------------------------------------

    def _env_vars(self) -> dict[str, str]:
        env = {"PULUMI_BACKEND_URL": self.backend_url, "PULUMI_SKIP_UPDATE_CHECK": "true"}
        env.update(passphrase_env())
        return env

    def workspace(self) -> Any:
        if self._workspace is None:
            from pulumi.automation import LocalWorkspace, PulumiCommand
            from semver import VersionInfo

            if self.backend_url.startswith("file://"):
                Path(self.backend_url.removeprefix("file://")).mkdir(parents=True, exist_ok=True)
            env_vars = self._env_vars()
            with self.translated():
                command = PulumiCommand(version=VersionInfo.parse(MIN_PULUMI_VERSION))
                self._workspace = LocalWorkspace(
                    work_dir=str(self.project_dir),
                    env_vars=env_vars,
                    secrets_provider="passphrase",
                    pulumi_command=command,
                )
        return self._workspace

    def stack(self, *, create: bool = False) -> Stack:
        from pulumi.automation import Stack, StackNotFoundError

        workspace = self.workspace()
        with self.translated():
            try:
                return Stack.select(self.env, workspace)
            except StackNotFoundError:
                if not create:
                    raise
            stack = Stack.create(self.env, workspace)
            self.created = True
            return stack

    @contextmanager
    def translated(self) -> Iterator[None]:
        """Map SDK and subprocess failures to one-line user errors."""
        from pulumi import automation as auto

        try:
            yield
        except FileNotFoundError as exc:
            if exc.filename in ("pulumi", None) or str(exc.filename).endswith("/pulumi"):
                raise errors.PulumiNotFoundError() from exc
            raise
        except auto.InvalidVersionError as exc:
            found = re.search(r"current CLI version is (\S+?)\.?\s", f"{exc} ")
            raise errors.PulumiTooOldError(found[1] if found else "unknown", MIN_PULUMI_VERSION) from exc
        except auto.ConcurrentUpdateError as exc:
            raise errors.StackLockedError(self.env) from exc
        except auto.StackNotFoundError as exc:
            raise errors.StackNotFoundError(self.env, self.backend_url) from exc
        except auto.CommandError as exc:
            raise errors.EngineFailedError(_command_failure(self.env, exc)) from exc

    def _run(self, run: Callable[[Callable[[Any], None]], Any], on_event: OnEvent | None) -> OperationResult:
        result = OperationResult()

        def forward(raw: Any) -> None:
            event = from_engine(raw)
            if event is None:
                return
            result.record(event)
            if on_event is not None:
                on_event(event)

        with self.translated():
            run(forward)
        return result

    # -- operations ------------------------------------------------------------------------------------------

    def preview(
        self, on_event: OnEvent | None = None, *, diff: bool = False, on_output: OnOutput | None = None
    ) -> OperationResult:
        stack = self.stack(create=True)
        return self._run(
            lambda forward: stack.preview(
                on_event=forward, diff=diff or None, on_output=on_output, color="never"
            ),
            on_event,
        )

    def up(self, on_event: OnEvent | None = None) -> OperationResult:
        stack = self.stack(create=True)
        return self._run(lambda forward: stack.up(on_event=forward, color="never"), on_event)

    def refresh(self, on_event: OnEvent | None = None) -> OperationResult:
        stack = self.stack()
        return self._run(lambda forward: stack.refresh(on_event=forward, color="never"), on_event)

    def destroy(self, on_event: OnEvent | None = None, *, exclude_protected: bool = False) -> OperationResult:
        stack = self.stack()
        return self._run(
            lambda forward: stack.destroy(
                on_event=forward, exclude_protected=exclude_protected or None, color="never"
            ),
            on_event,
        )

    def remove(self) -> None:
        """Drop the (empty) stack from the backend; its Pulumi.<env>.yaml is the caller's to remove."""
        workspace = self.workspace()
        with self.translated():
            workspace.remove_stack(self.env, preserve_config=True)

    def outputs(self) -> dict[str, OutputValue]:
        stack = self.stack()
        with self.translated():
            raw = stack.outputs()
        return {key: OutputValue(value=raw[key].value, secret=raw[key].secret) for key in sorted(raw)}

    def protected_resources(self) -> list[str]:
        """URNs of resources in the stack's state marked `protect` (what `destroy` must keep)."""
        stack = self.stack()
        with self.translated():
            deployment = stack.export_stack().deployment or {}
        return sorted(r["urn"] for r in deployment.get("resources") or [] if r.get("protect"))

    def set_tags(self, tags: dict[str, str]) -> None:
        stack = self.stack()
        with self.translated():
            for key, value in sorted(tags.items()):
                stack.set_tag(key, value)

    def tags(self) -> dict[str, str]:
        stack = self.stack()
        with self.translated():
            return dict(stack.list_tags())

    def list_stacks(self) -> list[StackInfo]:
        workspace = self.workspace()
        with self.translated():
            summaries = workspace.list_stacks()
        return sorted(
            (
                StackInfo(
                    name=s.name,
                    resource_count=s.resource_count,
                    last_update=s.last_update,
                    update_in_progress=bool(s.update_in_progress),
                )
                for s in summaries
            ),
            key=lambda s: s.name,
        )


def _command_failure(stack: str, exc: Exception) -> str:
    """The first line of the engine's own error text, so the user sees its words without the SDK's dump."""
    result = getattr(exc, "args", [""])[0]
    stderr = ""
    match = re.search(r"\n stderr: (.*)\Z", str(result), re.S)
    if match:
        stderr = match[1]
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    detail = next((line.removeprefix("error: ") for line in lines if line.startswith("error:")), None)
    detail = detail or (lines[-1] if lines else "no error text")
    code = re.search(r"\n code: (-?\d+)", str(result))
    status = f" (exit code {code[1]})" if code else ""
    return f"pulumi failed on stack {stack!r}{status}: {detail}"
