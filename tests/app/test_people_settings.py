"""The app's people settings from the environment: a bad value is one line naming the variable (never the
password inside a mail URL), and DJANGO_EMAIL_URL reaches Django's mail settings."""

from __future__ import annotations

import pytest

from tests.app.test_workers import manage_check

pytestmark = pytest.mark.integration

BASE = {"DATABASE_URL": "postgres://nobody@127.0.0.1:1/none", "DJANGO_SECRET_KEY": "x" * 50}


@pytest.mark.parametrize(
    ("variables", "line"),
    [
        (
            {"DJANGO_GITHUB_CLIENT_ID": "Ov23liExample"},
            "error: DJANGO_GITHUB_CLIENT_ID and DJANGO_GITHUB_CLIENT_SECRET go together: set both (from the GitHub "
            "OAuth app) or neither",
        ),
        (
            {"DJANGO_DANDI_ADMINS": "octocat,not a user"},
            "error: DJANGO_DANDI_ADMINS entry 'not a user' is neither a GitHub username nor an email address",
        ),
        (
            {"DJANGO_EMAIL_URL": "smtps://user:hunter2@mail.example.org"},
            "error: DJANGO_EMAIL_URL has scheme 'smtps'; use one of console, dummy, locmem, smtp, smtp+ssl, "
            "smtp+tls (e.g. smtp+tls://USER:PASSWORD@email-smtp.us-east-2.amazonaws.com:587 or console://)",
        ),
        (
            {"DJANGO_EMAIL_URL": "smtp+tls://user:hunter2@mail.example.org:tls"},
            "error: DJANGO_EMAIL_URL has a port that is not a number (e.g. smtp+tls://USER:PASSWORD@"
            "email-smtp.us-east-2.amazonaws.com:587 or console://)",
        ),
        (
            {"DJANGO_DANDI_LOCAL_ACCOUNTS": "maybe"},
            "error: DJANGO_DANDI_LOCAL_ACCOUNTS='maybe' is not a boolean; use true or false",
        ),
    ],
)
def test_bad_people_settings_are_one_line(variables: dict[str, str], line: str) -> None:
    result = manage_check(unset=set(), **BASE, **variables)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [line]
    assert "hunter2" not in result.stderr


def test_email_url_becomes_djangos_mail_settings(django_app: object) -> None:
    from dandiapp.email_url import email_settings

    ses = email_settings("smtp+tls://AKIAEXAMPLE:pass%2Fword%3D@email-smtp.us-east-2.amazonaws.com:587")
    assert ses == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "email-smtp.us-east-2.amazonaws.com",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "AKIAEXAMPLE",
        "EMAIL_HOST_PASSWORD": "pass/word=",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
        "EMAIL_TIMEOUT": 30,
    }
    assert email_settings("smtp://127.0.0.1:2525")["EMAIL_PORT"] == 2525
    assert email_settings("")["EMAIL_BACKEND"].endswith("console.EmailBackend")
