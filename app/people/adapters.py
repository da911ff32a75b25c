"""allauth's hooks: who may sign up, and where a fresh sign-in goes next."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: Any) -> bool:
        """Local password accounts only where the deployment switches them on (always in `local`)."""
        return bool(settings.DANDI_LOCAL_ACCOUNTS)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: Any, sociallogin: Any) -> bool:
        """Anyone with a GitHub account may sign up; approval is the gate."""
        return bool(settings.DANDI_GITHUB_ENABLED)
