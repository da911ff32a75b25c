"""Finding people and describing them the way DANDI's API does."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from archive.services.exceptions import InvalidInputError
from people import mail
from people.access import require_approved, status_of
from people.models import UserStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from archive.services.permissions import User

SEARCH_LIMIT = 10


def summary(user: AbstractBaseUser) -> dict[str, str]:
    return {"username": user.get_username(), "name": mail.display_name(user)}


def me(user: User) -> dict[str, Any]:
    status = status_of(user)
    return {**summary(user), "admin": bool(getattr(user, "is_superuser", False)), "status": str(status)}  # type: ignore[arg-type]


def search(*, user: User, username: str) -> QuerySet[AbstractBaseUser]:
    """Approved, active users whose username contains the text (approved users may search)."""
    require_approved(user)
    text = username.strip()
    if not text:
        raise InvalidInputError("username must not be empty")
    approved = Q(is_superuser=True) | Q(profile__status=UserStatus.APPROVED)
    return (
        get_user_model()
        .objects.filter(approved, is_active=True, username__icontains=text)
        .order_by("username")[:SEARCH_LIMIT]
    )
