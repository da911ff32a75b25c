"""Domain errors. archive.errors maps each base class to one HTTP status; services never name a status
code."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error a service raises on purpose; the message is shown to the client as is."""


class NotFoundError(DomainError):
    pass


class NotAuthenticatedError(DomainError):
    pass


class PermissionDeniedError(DomainError):
    pass


class ConflictError(DomainError):
    """The request conflicts with existing state; `location` names the existing object when there is one."""

    def __init__(self, message: str, *, location: str | None = None) -> None:
        super().__init__(message)
        self.location = location


class NotModifiableError(DomainError):
    """The object exists but this operation is not allowed on it (e.g. changing a published version)."""


class InvalidInputError(DomainError):
    pass


class LockedError(DomainError):
    """The object is busy with a long operation (a draft being published); retry once it is done."""


def parse_uuid(value: object, *, what: str) -> str:
    """Ids in URLs are UUIDs; anything else names no object (404), it is not a malformed request."""
    import uuid

    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        raise NotFoundError(f"No {what} matches the given query.") from None
