"""Where a user stands: the one answer every permission check in the archive asks first.

Admins (superusers) are always approved; anyone else needs an APPROVED profile to do anything beyond what an
anonymous visitor may do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from archive.services.exceptions import NotAuthenticatedError, PermissionDeniedError
from people.models import Profile, UserStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    User = AbstractBaseUser | AnonymousUser

REFUSALS = {
    UserStatus.INCOMPLETE: "Finish signing up (the questionnaire) first; your account is not approved yet.",
    UserStatus.PENDING: "Your account is pending approval by an administrator.",
    UserStatus.REJECTED: "Your account was not approved.",
}


def status_of(user: User) -> UserStatus:
    if not user.is_authenticated:
        raise NotAuthenticatedError("Authentication credentials were not provided.")
    if getattr(user, "is_superuser", False):
        return UserStatus.APPROVED
    try:
        return UserStatus(user.profile.status)  # type: ignore[union-attr]
    except Profile.DoesNotExist:
        return UserStatus.INCOMPLETE


def is_approved(user: User) -> bool:
    return user.is_authenticated and user.is_active and status_of(user) == UserStatus.APPROVED


def require_approved(user: User) -> None:
    """401 for anonymous users, 403 naming the reason for users not (yet) approved."""
    status = status_of(user)
    if not user.is_active:
        raise PermissionDeniedError("This account is disabled.")
    if status != UserStatus.APPROVED:
        raise PermissionDeniedError(REFUSALS[status])
