"""People in a real local environment (`dandi-stack up`): the printed admin password opens the admin site,
a local account signs up and answers the questionnaire, and the mail it causes reaches the local SMTP server
under the supervisor and is listed by `dandi-stack mail`."""

from __future__ import annotations

import re
import secrets
from typing import TYPE_CHECKING

import pytest
import requests

from tests.support.localenv import wait_for

if TYPE_CHECKING:
    from tests.support.localenv import Env

pytestmark = pytest.mark.e2e


def csrf(session: requests.Session) -> str:
    return session.cookies.get("csrftoken") or ""


def test_admin_password_sign_up_and_mail_listed(local_env: Env) -> None:
    web = local_env.api_url.removesuffix("/api")
    match = re.search(r"Admin user\s+admin\s+password (\S+)", local_env.up_output)
    assert match, local_env.up_output
    admin = requests.Session()
    login = admin.get(f"{web}/admin/login/", timeout=30)
    signed_in = admin.post(
        login.url,
        data={
            "username": "admin",
            "password": match.group(1),
            "csrfmiddlewaretoken": csrf(admin),
            "next": "/admin/",
        },
        headers={"Referer": login.url},
        timeout=30,
    )
    assert signed_in.url == f"{web}/admin/"
    assert "Profiles" in signed_in.text
    assert admin.get(f"{web}/static/admin/css/base.css", timeout=30).status_code == 200

    newcomer = requests.Session()
    signup = newcomer.get(f"{web}/accounts/signup/", timeout=30)
    password = secrets.token_urlsafe(16)
    created = newcomer.post(
        signup.url,
        data={
            "username": "bob",
            "email": "bob@example.org",
            "password1": password,
            "password2": password,
            "csrfmiddlewaretoken": csrf(newcomer),
        },
        headers={"Referer": signup.url},
        allow_redirects=False,
        timeout=30,
    )
    assert created.status_code == 302, created.text[-2000:]
    form_url = f"{web}/api/users/questionnaire-form/"
    answered = newcomer.post(
        form_url,
        data={
            "first_name": "Bob",
            "last_name": "Builder",
            "affiliation": "Home lab",
            "intended_use": "Try the archive",
            "csrfmiddlewaretoken": csrf(newcomer),
        },
        headers={"Referer": form_url, "Accept": "text/html"},
        allow_redirects=False,
        timeout=30,
    )
    assert answered.status_code == 302, answered.text[-2000:]

    def listed() -> str:
        out = local_env.cli("mail").stdout
        return out if "New user bob awaits approval" in out and "Your account awaits approval" in out else ""

    wait_for(listed, timeout=30, env=local_env)
    full = local_env.cli("mail", "--full").stdout
    assert "to admin@localhost" in full
    assert "Try the archive" in full
