"""The admins a deployment declares (GitHub usernames or emails, DJANGO_DANDI_ADMINS): whoever signs in as
one of them becomes a superuser, and `migrate` (run at every release) promotes those who already exist."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from people.models import Profile, UserStatus

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.contrib.auth.models import AbstractBaseUser


def _declared() -> tuple[set[str], set[str]]:
    entries = [entry.strip().lower() for entry in settings.DANDI_ADMINS if entry.strip()]
    return {e for e in entries if "@" not in e}, {e for e in entries if "@" in e}


def is_declared_admin(user: AbstractBaseUser) -> bool:
    usernames, emails = _declared()
    return user.get_username().lower() in usernames or getattr(user, "email", "").lower() in emails


def promote_declared_admins(*, users: Iterable[AbstractBaseUser] | None = None) -> list[str]:
    """Make declared admins superusers (and approved); returns the usernames promoted now."""
    usernames, emails = _declared()
    if not usernames and not emails:
        return []
    if users is None:
        match = Q(pk__in=[])
        for name in usernames:
            match |= Q(username__iexact=name)
        for email in emails:
            match |= Q(email__iexact=email)
        users = get_user_model().objects.filter(match)
    promoted = []
    for user in users:
        if not is_declared_admin(user):
            continue
        with transaction.atomic():
            # The row decides, not the instance handed in (a signal's copy may be stale).
            changed = (
                get_user_model()
                .objects.filter(pk=user.pk)
                .exclude(is_superuser=True, is_staff=True)
                .update(is_superuser=True, is_staff=True)
            )
            user.is_superuser = user.is_staff = True  # type: ignore[attr-defined]
            if changed:
                promoted.append(user.get_username())
            Profile.objects.update_or_create(user=user, defaults={"status": UserStatus.APPROVED})
    return promoted
