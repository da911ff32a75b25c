"""A user's standing in the archive. Django's User holds the identity; the profile holds what DANDI adds."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class UserStatus(models.TextChoices):
    """INCOMPLETE: signed in, questionnaire not answered; PENDING: waiting for an admin; then a decision."""

    INCOMPLETE = "INCOMPLETE"
    PENDING = "PENDING"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    status = models.CharField(max_length=16, choices=UserStatus.choices, default=UserStatus.INCOMPLETE)
    affiliation = models.CharField(max_length=1000, blank=True, default="")
    intended_use = models.TextField(max_length=1000, blank=True, default="")
    rejection_reason = models.CharField(max_length=1000, blank=True, default="")
    questionnaire_submitted = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.user.get_username()} ({self.status})"
