"""Errors a user can act on, under one root (UserError; the config's ConfigError and the local runtime's
LocalEnvError derive from it). Each carries one line saying what is wrong and what to do; the CLI prints it
as is (no traceback unless --debug) and exits with `exit_code`.
"""

from __future__ import annotations


class UserError(Exception):
    """A problem the user fixes (input, environment, tooling); never a bug in dandi-stack."""

    exit_code = 1


class UsageError(UserError):
    """Bad input on the command line or in a file the user wrote."""

    exit_code = 2


class UnknownEnvironmentError(UsageError):
    def __init__(self, env: str, known: list[str]) -> None:
        super().__init__(f"unknown environment {env!r}; known environments: {', '.join(known)}")
        self.env = env
        self.known = known


class PulumiNotFoundError(UserError):
    def __init__(self) -> None:
        super().__init__(
            "the `pulumi` CLI is not on PATH; install it (curl -fsSL https://get.pulumi.com | sh, or "
            "brew install pulumi) and add ~/.pulumi/bin to PATH, then retry"
        )


class PulumiTooOldError(UserError):
    def __init__(self, found: str, minimum: str) -> None:
        super().__init__(
            f"the `pulumi` CLI on PATH is version {found}, dandi-stack needs >= {minimum}; "
            "upgrade it (pulumi self-update, or re-run the installer) and retry"
        )


class MissingCredentialsError(UserError):
    pass


class MissingPassphraseError(UserError):
    pass


class StackLockedError(UserError):
    def __init__(self, stack: str) -> None:
        super().__init__(
            f"stack {stack!r} is locked by another update in progress; wait for it to finish "
            f"(or, if it crashed, run `pulumi cancel --stack {stack}` / `pulumi stack export | import`) "
            "and retry"
        )


class StackNotFoundError(UserError):
    def __init__(self, stack: str, backend: str) -> None:
        super().__init__(
            f"stack {stack!r} does not exist in backend {backend}; run `dandi-stack up {stack}` first"
        )


class EngineFailedError(UserError):
    """The engine ran and reported failure (resource errors); details were shown as they happened."""


class RefusedError(UserError):
    """A destructive operation the user did not confirm."""
