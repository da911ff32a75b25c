"""The one place domain errors become HTTP responses (DANDI's shapes: a bare JSON string for domain
errors)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from archive.services.exceptions import (
    ConflictError,
    DomainError,
    InvalidInputError,
    LockedError,
    NotAuthenticatedError,
    NotFoundError,
    NotModifiableError,
    PermissionDeniedError,
)

STATUS_BY_ERROR: list[tuple[type[DomainError], int]] = [
    (NotFoundError, status.HTTP_404_NOT_FOUND),
    (NotAuthenticatedError, status.HTTP_401_UNAUTHORIZED),
    (PermissionDeniedError, status.HTTP_403_FORBIDDEN),
    (ConflictError, status.HTTP_409_CONFLICT),
    (NotModifiableError, status.HTTP_405_METHOD_NOT_ALLOWED),
    (InvalidInputError, status.HTTP_400_BAD_REQUEST),
    (LockedError, status.HTTP_423_LOCKED),
]


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        code = next(code for cls, code in STATUS_BY_ERROR if isinstance(exc, cls))
        if isinstance(exc, NotFoundError | NotAuthenticatedError):
            response = Response({"detail": str(exc)}, status=code)
        else:
            response = Response(str(exc), status=code)
        if isinstance(exc, NotAuthenticatedError):
            response["WWW-Authenticate"] = "Token"
        if isinstance(exc, ConflictError) and exc.location:
            response["Location"] = exc.location
        return response
    if isinstance(exc, DjangoValidationError):
        return Response({"detail": exc.messages}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        return Response({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)
    return drf_exception_handler(exc, context)
