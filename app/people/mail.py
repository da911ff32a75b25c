"""The notices people receive. Each builds one message and hands it to Django's mail backend
(DJANGO_EMAIL_URL: SES's SMTP interface in the cloud, the local SMTP server in the local environment)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMessage

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.contrib.auth.models import AbstractBaseUser

SIGNATURE = "\n\n-- \n{instance} ({web})\n"


def display_name(user: AbstractBaseUser) -> str:
    full = f"{getattr(user, 'first_name', '')} {getattr(user, 'last_name', '')}".strip()
    return full or user.get_username()


def _send(*, to: Iterable[str], subject: str, body: str) -> int:
    recipients = sorted({address for address in to if address})
    if not recipients:
        return 0
    footer = SIGNATURE.format(instance=settings.DANDI_INSTANCE_NAME, web=settings.DANDI_WEB_APP_URL)
    message = EmailMessage(
        subject=f"[{settings.DANDI_INSTANCE_NAME}] {subject}",
        body=body + footer,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
    )
    return message.send()


def admin_addresses() -> list[str]:
    """Who hears about sign-ups: the configured admin address plus every active admin with an email."""
    from django.contrib.auth import get_user_model

    found = get_user_model().objects.filter(is_superuser=True, is_active=True).exclude(email="")
    return [*((settings.DANDI_ADMIN_EMAIL and [settings.DANDI_ADMIN_EMAIL]) or []), *(u.email for u in found)]


def send_signup_notice_to_admins(*, user: AbstractBaseUser, affiliation: str, intended_use: str) -> int:
    body = (
        f"{display_name(user)} ({user.get_username()}, {getattr(user, 'email', '')}) signed up and waits "
        f"for approval.\n\nAffiliation: {affiliation}\nIntended use: {intended_use}\n\n"
        f"Approve or reject in the admin site: {settings.DANDI_API_URL}/admin/people/profile/"
    )
    return _send(to=admin_addresses(), subject=f"New user {user.get_username()} awaits approval", body=body)


def send_registered_notice(*, user: AbstractBaseUser) -> int:
    body = (
        f"Dear {display_name(user)},\n\nThank you for signing up. An administrator will review your "
        "account; you will receive an email when it is approved."
    )
    return _send(to=[getattr(user, "email", "")], subject="Your account awaits approval", body=body)


def send_approved_notice(*, user: AbstractBaseUser) -> int:
    body = (
        f"Dear {display_name(user)},\n\nYour account has been approved. Sign in at "
        f"{settings.DANDI_WEB_APP_URL} to create dandisets and find your API key for the dandi client."
    )
    return _send(to=[getattr(user, "email", "")], subject="Your account has been approved", body=body)


def send_rejected_notice(*, user: AbstractBaseUser, reason: str) -> int:
    because = f"\n\nReason: {reason}" if reason else ""
    body = f"Dear {display_name(user)},\n\nYour account request was not approved.{because}"
    return _send(to=[getattr(user, "email", "")], subject="Your account request was not approved", body=body)


def send_added_owner_notice(*, user: AbstractBaseUser, dandiset_identifier: str, by: AbstractBaseUser) -> int:
    body = (
        f"Dear {display_name(user)},\n\n{display_name(by)} ({by.get_username()}) added you as an owner of "
        f"dandiset {dandiset_identifier}: {settings.DANDI_WEB_APP_URL}/dandiset/{dandiset_identifier}"
    )
    return _send(
        to=[getattr(user, "email", "")],
        subject=f"You are now an owner of dandiset {dandiset_identifier}",
        body=body,
    )


def send_removed_owner_notice(
    *, user: AbstractBaseUser, dandiset_identifier: str, by: AbstractBaseUser
) -> int:
    body = (
        f"Dear {display_name(user)},\n\n{display_name(by)} ({by.get_username()}) removed you from the owners "
        f"of dandiset {dandiset_identifier}."
    )
    return _send(
        to=[getattr(user, "email", "")],
        subject=f"You are no longer an owner of dandiset {dandiset_identifier}",
        body=body,
    )
