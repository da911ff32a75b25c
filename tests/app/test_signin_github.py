"""The whole sign-in of a newcomer, as DANDI runs it, against the live app: the web UI's OAuth request to the
API, GitHub sign-in (a local stand-in of GitHub's OAuth and REST endpoints, tests/support/github.py), the
questionnaire, PENDING, approval in the admin site, the mail received by a real SMTP server (the local
environment's), and the API key working with the official dandi client. The app runs with an unusable HTTP
proxy for everything but loopback, so no call can leave the machine."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
import threading
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import pytest
import requests

from stacks.local import mailserver
from tests.support import services
from tests.support.github import GitHubAccount, github_stand_in

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

ACCOUNT = GitHubAccount(login="octo-lab", id=424242, name="Octo Lab", email="octo@lab.example.org")
ADMIN_PASSWORD = secrets.token_urlsafe(16)
CLIENT_ID = "dandi-web-app"


class SignInWorld:
    def __init__(self, app: services.LiveApp, github: Any, maildir: Path, web_url: str) -> None:
        self.app, self.github, self.maildir, self.web_url = app, github, maildir, web_url

    def mail_to(self, address: str, *, subject: str, timeout: float = 30) -> mailserver.Message:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in mailserver.read_messages(self.maildir):
                if address in message.to and subject in message.subject:
                    return message
            time.sleep(0.2)
        got = [(m.to, m.subject) for m in mailserver.read_messages(self.maildir)]
        raise AssertionError(f"no mail to {address} about {subject!r}; got {got}")


@pytest.fixture(scope="module")
def world(s3_endpoint: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SignInWorld]:
    maildir = tmp_path_factory.mktemp("mail")
    smtp_port = services.free_port()
    stop = threading.Event()
    smtp = threading.Thread(
        target=mailserver.serve,
        kwargs={"host": "127.0.0.1", "port": smtp_port, "maildir": maildir, "stop": stop},
        daemon=True,
    )
    smtp.start()
    web_url = f"http://127.0.0.1:{services.free_port()}"  # the UI's address; never fetched here
    try:
        with (
            github_stand_in(account=ACCOUNT) as github,
            services.temporary_database() as database_url,
            services.live_app(
                database_url=database_url,
                s3_endpoint=s3_endpoint,
                log_dir=tmp_path_factory.mktemp("signin-logs"),
                extra_env={
                    "DJANGO_GITHUB_CLIENT_ID": github.client_id,
                    "DJANGO_GITHUB_CLIENT_SECRET": github.client_secret,
                    "DJANGO_GITHUB_URL": github.url,
                    "DJANGO_EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
                    "DJANGO_DANDI_WEB_APP_URL": web_url,
                    "DJANGO_DANDI_ADMIN_EMAIL": "admins@example.org",
                    "DJANGO_DANDI_LOCAL_ACCOUNTS": "true",
                    "HTTP_PROXY": "http://127.0.0.1:9",
                    "HTTPS_PROXY": "http://127.0.0.1:9",
                    "NO_PROXY": "127.0.0.1,localhost",
                },
            ) as app,
        ):
            app.manage(
                "shell",
                "-c",
                "from django.contrib.auth import get_user_model; "
                "get_user_model().objects.create_superuser('root', 'root@example.org', "
                f"{ADMIN_PASSWORD!r})",
            )
            yield SignInWorld(app, github, maildir, web_url)
    finally:
        stop.set()
        smtp.join(timeout=10)


def follow(
    session: requests.Session, response: requests.Response, *, stop_at: str
) -> requests.Response | str:
    """Follow redirects as a browser would, until one points at `stop_at` (returned as the URL)."""
    while response.is_redirect:
        target = urljoin(response.url, response.headers["Location"])
        if target.startswith(stop_at):
            return target
        response = session.get(target, allow_redirects=False, timeout=30)
    return response


def csrf(session: requests.Session) -> str:
    return session.cookies.get("csrftoken") or ""


def test_github_sign_in_questionnaire_approval_mail_and_api_key(world: SignInWorld) -> None:
    app, web = world.app, world.web_url
    browser = requests.Session()
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
    oauth = {
        "client_id": CLIENT_ID,
        "response_type": "code",
        "redirect_uri": f"{web}/",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        "state": "from-the-ui",
    }
    # 1. The UI sends the browser to the API's authorize endpoint; not signed in, it lands on the sign-in page.
    start = browser.get(f"{app.url}/oauth/authorize/?{urlencode(oauth)}", allow_redirects=False, timeout=30)
    login_page = follow(browser, start, stop_at=web)
    assert isinstance(login_page, requests.Response)
    assert urlsplit(login_page.url).path == "/accounts/login/"
    assert "/accounts/github/login/" in login_page.text
    next_url = parse_qs(urlsplit(login_page.url).query)["next"][0]

    # 2. "Sign in with GitHub": the stand-in authorizes and sends the browser back with a code.
    github = browser.post(
        f"{app.url}/accounts/github/login/?{urlencode({'process': 'login', 'next': next_url})}",
        data={"csrfmiddlewaretoken": csrf(browser)},
        headers={"Referer": login_page.url},
        allow_redirects=False,
        timeout=30,
    )
    assert github.headers["Location"].startswith(world.github.url + "/login/oauth/authorize")
    questionnaire = follow(browser, github, stop_at=web)
    assert isinstance(questionnaire, requests.Response)
    assert urlsplit(questionnaire.url).path == "/api/users/questionnaire-form/", questionnaire.text[-2000:]
    assert ("POST", "/login/oauth/access_token") in world.github.requests
    assert ("GET", "/api/v3/user") in world.github.requests

    # 3. The questionnaire, then back to the authorize step, which hands the UI its code.
    answers = {
        "first_name": "Octo",
        "last_name": "Lab",
        "affiliation": "Lab of Examples",
        "intended_use": "Publish tetrode recordings",
        "csrfmiddlewaretoken": csrf(browser),
    }
    submitted = browser.post(
        questionnaire.url,
        data=answers,
        headers={"Referer": questionnaire.url, "Accept": "text/html"},
        allow_redirects=False,
        timeout=30,
    )
    back_to_ui = follow(browser, submitted, stop_at=web)
    assert isinstance(back_to_ui, str), getattr(back_to_ui, "text", "")[-2000:]
    returned = parse_qs(urlsplit(back_to_ui).query)
    assert returned["state"] == ["from-the-ui"]

    # 4. The UI trades the code (with its PKCE verifier; a public client has no secret) for an access token.
    token = requests.post(
        f"{app.url}/oauth/token/",
        data={
            "grant_type": "authorization_code",
            "code": returned["code"][0],
            "redirect_uri": f"{web}/",
            "client_id": CLIENT_ID,
            "code_verifier": verifier,
        },
        timeout=30,
    )
    assert token.status_code == 200, token.text
    bearer = {"Authorization": f"Bearer {token.json()['access_token']}"}
    me = requests.get(f"{app.api_url}/users/me/", headers=bearer, timeout=30).json()
    assert me == {"username": "octo-lab", "name": "Octo Lab", "admin": False, "status": "PENDING"}
    refused = requests.get(f"{app.api_url}/auth/token/", headers=bearer, timeout=30)
    assert (refused.status_code, refused.json()) == (
        403,
        "Your account is pending approval by an administrator.",
    )
    world.mail_to(ACCOUNT.email, subject="Your account awaits approval")
    notice = world.mail_to("admins@example.org", subject="New user octo-lab awaits approval")
    assert "Publish tetrode recordings" in notice.body

    # 5. An admin approves in the admin site; the newcomer hears of it by mail.
    admin = requests.Session()
    login = admin.get(f"{app.url}/admin/login/", timeout=30)
    assert login.status_code == 200, login.text[-3000:]
    signed_in = admin.post(
        login.url,
        data={
            "username": "root",
            "password": ADMIN_PASSWORD,
            "csrfmiddlewaretoken": csrf(admin),
            "next": "/admin/",
        },
        headers={"Referer": login.url},
        timeout=30,
    )
    assert signed_in.url == f"{app.url}/admin/", signed_in.text[-1000:]
    changelist = admin.get(f"{app.url}/admin/people/profile/?status__exact=PENDING&q=octo-lab", timeout=30)
    selected = re.findall(r'name="_selected_action" value="(\d+)"', changelist.text)
    assert len(selected) == 1
    approved = admin.post(
        changelist.url,
        data={"action": "approve", "_selected_action": selected, "csrfmiddlewaretoken": csrf(admin)},
        headers={"Referer": changelist.url},
        timeout=30,
    )
    assert "1 user(s) approved" in approved.text
    world.mail_to(ACCOUNT.email, subject="Your account has been approved")
    assert requests.get(f"{app.api_url}/users/me/", headers=bearer, timeout=30).json()["status"] == "APPROVED"

    # 6. The UI shows the API key; the official client works with it.
    key = requests.get(f"{app.api_url}/auth/token/", headers=bearer, timeout=30).json()
    assert re.fullmatch(r"[0-9a-f]{40}", key)
    from dandi.dandiapi import DandiAPIClient

    with DandiAPIClient(app.api_url, token=key) as client:
        dandiset = client.create_dandiset("Octo's recordings", {})
        assert client.get_dandiset(dandiset.identifier).version_id == "draft"
    owners = requests.get(f"{app.api_url}/dandisets/{dandiset.identifier}/users/", timeout=30).json()
    assert owners == [{"username": "octo-lab", "name": "Octo Lab"}]


def test_local_account_sign_up_with_a_password_goes_through_the_same_questionnaire(
    world: SignInWorld,
) -> None:
    """With DJANGO_DANDI_LOCAL_ACCOUNTS=true (the local environment's default) a password account signs up
    offline, then answers the questionnaire and waits for approval like a GitHub one."""
    app, web = world.app, world.web_url
    browser = requests.Session()
    oauth = {
        "client_id": CLIENT_ID,
        "response_type": "code",
        "redirect_uri": f"{web}/",
        "code_challenge": "x" * 43,
        "code_challenge_method": "S256",
        "state": "local",
    }
    login_page = follow(
        browser,
        browser.get(f"{app.url}/oauth/authorize/?{urlencode(oauth)}", allow_redirects=False, timeout=30),
        stop_at=web,
    )
    assert isinstance(login_page, requests.Response)
    next_url = parse_qs(urlsplit(login_page.url).query)["next"][0]
    signup_url = f"{app.url}/accounts/signup/?{urlencode({'next': next_url})}"
    browser.get(signup_url, timeout=30)
    password = secrets.token_urlsafe(16)
    signed_up = browser.post(
        signup_url,
        data={
            "username": "ada",
            "email": "ada@example.org",
            "password1": password,
            "password2": password,
            "csrfmiddlewaretoken": csrf(browser),
        },
        headers={"Referer": signup_url},
        allow_redirects=False,
        timeout=30,
    )
    assert signed_up.status_code == 302, signed_up.text[-2000:]
    questionnaire = follow(browser, signed_up, stop_at=web)
    assert isinstance(questionnaire, requests.Response)
    assert urlsplit(questionnaire.url).path == "/api/users/questionnaire-form/"
    again = requests.Session()
    login = again.get(f"{app.url}/accounts/login/", timeout=30)
    signed_in = again.post(
        login.url,
        data={"login": "ada", "password": password, "csrfmiddlewaretoken": csrf(again)},
        headers={"Referer": login.url},
        allow_redirects=False,
        timeout=30,
    )
    assert signed_in.status_code == 302
    assert signed_in.headers["Location"] == f"{web}/"
