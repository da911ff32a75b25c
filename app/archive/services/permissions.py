"""Who may read and write a dandiset, the one model every service applies.

Anyone reads open data. Only approved users act: they create dandisets; owners (and admins) of a dandiset read
it while embargoed, write it, publish, unembargo and change its owners. A signed-in user who is not approved
(questionnaire missing, pending, rejected) reads what an anonymous visitor reads and nothing more, even on a
dandiset that lists them as an owner.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from archive.services.exceptions import NotAuthenticatedError, NotFoundError, PermissionDeniedError
from people.access import is_approved, require_approved

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django.db.models import QuerySet

    from archive.models import Dandiset

    User = AbstractBaseUser | AnonymousUser

__all__ = [
    "get_dandiset",
    "is_owner",
    "readable_dandisets",
    "require_approved",
    "require_owner",
    "require_read",
]


def is_owner(*, user: User, dandiset: Dandiset) -> bool:
    if not is_approved(user):
        return False
    return bool(getattr(user, "is_superuser", False)) or dandiset.owners.filter(pk=user.pk).exists()


def require_read(*, user: User, dandiset: Dandiset) -> None:
    """Open dandisets are public; embargoed ones are 401 for anonymous users and 403 for non-owners."""
    if not dandiset.embargoed:
        return
    if not user.is_authenticated:
        raise NotAuthenticatedError("Authentication credentials were not provided.")
    if not is_owner(user=user, dandiset=dandiset):
        raise PermissionDeniedError("You do not have permission to access this embargoed dandiset.")


def require_owner(*, user: User, dandiset: Dandiset) -> None:
    require_approved(user)
    if not is_owner(user=user, dandiset=dandiset):
        raise PermissionDeniedError("You do not own this dandiset.")


def readable_dandisets(*, user: User) -> QuerySet[Dandiset]:
    from django.db.models import Q

    from archive.models import Dandiset, EmbargoStatus

    qs = Dandiset.objects.all()
    if not is_approved(user):
        return qs.filter(embargo_status=EmbargoStatus.OPEN)
    if getattr(user, "is_superuser", False):
        return qs
    return qs.filter(Q(embargo_status=EmbargoStatus.OPEN) | Q(owners=user)).distinct()


def get_dandiset(*, identifier: str | int) -> Dandiset:
    from archive.models import Dandiset

    try:
        pk = int(identifier)
    except (TypeError, ValueError):
        raise NotFoundError("No Dandiset matches the given query.") from None
    if not 0 < pk < 10**9:
        raise NotFoundError("No Dandiset matches the given query.")
    try:
        return Dandiset.objects.get(pk=pk)
    except Dandiset.DoesNotExist:
        raise NotFoundError("No Dandiset matches the given query.") from None
