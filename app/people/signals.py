"""Signal receivers: every user gets a profile; `migrate` (the release phase) applies declared config."""

from __future__ import annotations

from typing import Any

from people.models import Profile, UserStatus


def create_profile(*, instance: Any, created: bool, raw: bool = False, **_: Any) -> None:
    """Admins start approved; anyone else starts INCOMPLETE until they answer the questionnaire."""
    if not created or raw:
        return
    status = UserStatus.APPROVED if instance.is_superuser else UserStatus.INCOMPLETE
    Profile.objects.get_or_create(user=instance, defaults={"status": status})


def apply_declared_config(**_: Any) -> None:
    from people.services import admins, oauth_client

    oauth_client.ensure_web_client()
    admins.promote_declared_admins()


def promote_on_login(*, user: Any, **_: Any) -> None:
    from people.services import admins

    admins.promote_declared_admins(users=[user])
