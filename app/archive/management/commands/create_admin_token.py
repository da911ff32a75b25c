"""Idempotently create an admin user and print {"username", "token"} as one JSON line. With
DJANGO_DANDI_ADMIN_PASSWORD in the environment (never on the command line), the admin's password is set to it
(the local environment prints it for the admin site and the web UI)."""

from __future__ import annotations

import json
import os
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction


class Command(BaseCommand):
    help = "Create (or reuse) an admin user and print its API token as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        from rest_framework.authtoken.models import Token

        username = options["username"].strip()
        email = options["email"].strip()
        if not username:
            raise CommandError("--username must not be empty")
        if "@" not in email:
            raise CommandError(f"--email {email!r} is not an email address")
        with transaction.atomic():
            user, created = get_user_model().objects.get_or_create(
                username=username, defaults={"email": email}
            )
            password = os.environ.get("DJANGO_DANDI_ADMIN_PASSWORD", "")
            if created or password or not (user.is_staff and user.is_superuser):
                user.is_staff = user.is_superuser = True
                if password:
                    user.set_password(password)
                elif created:
                    user.set_unusable_password()
                user.save()
            token, _ = Token.objects.get_or_create(user=user)
        self.stdout.write(json.dumps({"username": user.username, "token": token.key}))
