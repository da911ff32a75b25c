"""Owners of a dandiset: who they are, and changing them (owners and admins only; never none)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import transaction

from archive.models import Dandiset
from archive.services import permissions
from archive.services.exceptions import InvalidInputError
from people import mail
from people.access import is_approved

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from archive.services.permissions import User

MAX_OWNERS = 100


def list_owners(*, user: User, dandiset: Dandiset) -> list[AbstractBaseUser]:
    permissions.require_read(user=user, dandiset=dandiset)
    return list(dandiset.owners.order_by("username"))


def set_owners(*, user: User, dandiset: Dandiset, usernames: list[str]) -> list[AbstractBaseUser]:
    """Replace the owners with `usernames` (each an approved user); tell those added and removed."""
    permissions.require_owner(user=user, dandiset=dandiset)
    wanted = list(dict.fromkeys(name.strip() for name in usernames if name.strip()))
    if not wanted:
        raise InvalidInputError("Cannot remove all draft owners")
    if len(wanted) > MAX_OWNERS:
        raise InvalidInputError(f"A dandiset has at most {MAX_OWNERS} owners")
    found = {u.username: u for u in get_user_model().objects.filter(username__in=wanted, is_active=True)}
    for name in wanted:
        if name not in found:
            raise InvalidInputError(f"User {name} not found")
        if not is_approved(found[name]):
            raise InvalidInputError(f"User {name} is not approved yet and cannot own a dandiset")
    with transaction.atomic():
        locked = Dandiset.objects.select_for_update().get(pk=dandiset.pk)
        before = {u.pk: u for u in locked.owners.all()}
        locked.owners.set(found.values())
        added = [u for u in found.values() if u.pk not in before]
        removed = [u for pk, u in before.items() if pk not in {u.pk for u in found.values()}]
        identifier = locked.identifier

        def notify() -> None:
            for owner in added:
                mail.send_added_owner_notice(user=owner, dandiset_identifier=identifier, by=user)
            for owner in removed:
                mail.send_removed_owner_notice(user=owner, dandiset_identifier=identifier, by=user)

        transaction.on_commit(notify)
    return sorted(found.values(), key=lambda u: u.username)
