"""The questionnaire and the admin's decision. Mail goes out after the transaction commits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from archive.services.exceptions import InvalidInputError, NotModifiableError
from people import mail
from people.models import Profile, UserStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


@dataclass(frozen=True)
class Question:
    field: str
    label: str
    max_length: int


# What DANDI asks a newcomer (its QUESTIONS), as form fields.
QUESTIONS = [
    Question("first_name", "First Name", 100),
    Question("last_name", "Last Name", 100),
    Question("intended_use", "What do you plan to use this archive for?", 1000),
    Question("affiliation", "Please list any affiliations you have.", 1000),
]


def auto_approved(email: str) -> bool:
    """An address in a configured domain (or any of its subdomains) is approved without an admin."""
    domain = email.rpartition("@")[2].strip().lower()
    if not domain:
        return False
    return any(domain == d or domain.endswith("." + d) for d in settings.DANDI_AUTO_APPROVE_DOMAINS)


def profile_of(user: AbstractBaseUser) -> Profile:
    profile, _ = Profile.objects.get_or_create(user=user)
    return profile


def submit_questionnaire(*, user: AbstractBaseUser, answers: dict[str, str]) -> Profile:
    """Record the answers; the first submission moves INCOMPLETE to PENDING (or APPROVED by domain)."""
    cleaned: dict[str, str] = {}
    for question in QUESTIONS:
        value = str(answers.get(question.field) or "").strip()
        if not value:
            raise InvalidInputError(f"{question.label}: this answer is required")
        if len(value) > question.max_length:
            raise InvalidInputError(f"{question.label}: at most {question.max_length} characters")
        cleaned[question.field] = value
    with transaction.atomic():
        profile, _ = Profile.objects.select_for_update().get_or_create(user=user)
        first_time = profile.status == UserStatus.INCOMPLETE
        user.first_name = cleaned["first_name"]  # type: ignore[attr-defined]
        user.last_name = cleaned["last_name"]  # type: ignore[attr-defined]
        user.save(update_fields=["first_name", "last_name"])
        profile.affiliation = cleaned["affiliation"]
        profile.intended_use = cleaned["intended_use"]
        if first_time:
            profile.questionnaire_submitted = timezone.now()
            approved = getattr(user, "is_superuser", False) or auto_approved(getattr(user, "email", ""))
            profile.status = UserStatus.APPROVED if approved else UserStatus.PENDING
        profile.save()
        if first_time and profile.status == UserStatus.APPROVED:
            transaction.on_commit(lambda: mail.send_approved_notice(user=user))
        elif first_time:
            transaction.on_commit(lambda: _notify_pending(user=user, profile=profile))
    return profile


def _notify_pending(*, user: AbstractBaseUser, profile: Profile) -> None:
    mail.send_registered_notice(user=user)
    mail.send_signup_notice_to_admins(
        user=user, affiliation=profile.affiliation, intended_use=profile.intended_use
    )


def approve(*, user: AbstractBaseUser) -> Profile:
    """PENDING (or REJECTED, on second thoughts) -> APPROVED, and tell the user."""
    with transaction.atomic():
        profile, _ = Profile.objects.select_for_update().get_or_create(user=user)
        if profile.status == UserStatus.APPROVED:
            return profile
        if profile.status == UserStatus.INCOMPLETE:
            raise NotModifiableError(f"{user.get_username()} has not answered the questionnaire yet")
        profile.status = UserStatus.APPROVED
        profile.rejection_reason = ""
        profile.save(update_fields=["status", "rejection_reason", "modified"])
        transaction.on_commit(lambda: mail.send_approved_notice(user=user))
    return profile


def reject(*, user: AbstractBaseUser, reason: str = "") -> Profile:
    """PENDING -> REJECTED with an optional reason, and tell the user. Admins cannot be rejected."""
    if getattr(user, "is_superuser", False):
        raise NotModifiableError(f"{user.get_username()} is an admin; remove admin rights first")
    with transaction.atomic():
        profile, _ = Profile.objects.select_for_update().get_or_create(user=user)
        if profile.status == UserStatus.REJECTED:
            return profile
        profile.status = UserStatus.REJECTED
        profile.rejection_reason = reason.strip()[:1000]
        profile.save(update_fields=["status", "rejection_reason", "modified"])
        transaction.on_commit(lambda: mail.send_rejected_notice(user=user, reason=profile.rejection_reason))
    return profile
