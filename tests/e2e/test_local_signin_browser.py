"""Signing in to the local clone in a real browser (Debian's Chromium via Playwright): the UI sends the browser
to the API (it is the API's OAuth client), a local account signs up, answers the questionnaire and sees the
pending notice; once an admin approves, the UI shows the API key (with a copy button) that the API accepts;
sign-out forgets and revokes the UI's token; signing in again with the password needs no questionnaire."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from tests.support.browser import chromium
from tests.support.localenv import Env

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]


@pytest.fixture
def browser() -> Iterator[Any]:
    with chromium() as browser:
        yield browser


def approve_in_admin_site(env: Env, username: str) -> None:
    """The admin signs in to the admin site with the password `up` printed and approves `username`."""
    web = env.api_url.removesuffix("/api")
    password = re.search(r"Admin user\s+admin\s+password (\S+)", env.up_output)
    assert password, env.up_output
    admin = requests.Session()
    login = admin.get(f"{web}/admin/login/", timeout=30)
    token = admin.cookies.get("csrftoken")
    admin.post(
        login.url,
        data={
            "username": "admin",
            "password": password.group(1),
            "csrfmiddlewaretoken": token,
            "next": "/admin/",
        },
        headers={"Referer": login.url},
        timeout=30,
    )
    changelist = admin.get(f"{web}/admin/people/profile/?q={username}", timeout=30)
    selected = re.findall(r'name="_selected_action" value="(\d+)"', changelist.text)
    assert len(selected) == 1, changelist.text[-2000:]
    done = admin.post(
        changelist.url,
        data={
            "action": "approve",
            "_selected_action": selected,
            "csrfmiddlewaretoken": admin.cookies.get("csrftoken"),
        },
        headers={"Referer": changelist.url},
        timeout=30,
    )
    assert "1 user(s) approved" in done.text


def test_sign_up_pending_approved_api_key_sign_out_sign_in(browser: Any, local_env: Env) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=local_env.ui_url)
    context.set_default_timeout(20_000)
    page = context.new_page()
    web = local_env.api_url.removesuffix("/api")
    password = secrets.token_urlsafe(16)

    # Sign up through the API's pages, started from the UI.
    page.goto(local_env.ui_url + "/dandisets")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(re.escape(f"{web}/accounts/login/")))
    page.get_by_role("link", name="sign up", exact=True).click()  # the link that keeps ?next=
    page.locator("#id_username").fill("carol")
    page.locator("#id_email").fill("carol@example.org")
    page.locator("#id_password1").fill(password)
    page.locator("#id_password2").fill(password)
    page.locator("form").filter(has=page.locator("#id_password2")).get_by_role("button").click()

    # The questionnaire, then back in the UI, signed in and told the account is pending.
    expect(page).to_have_url(re.compile(re.escape(f"{web}/api/users/questionnaire-form/")))
    page.get_by_label("First Name").fill("Carol")
    page.get_by_label("Last Name").fill("Jones")
    page.get_by_label("What do you plan to use this archive for?").fill("Share imaging data")
    page.get_by_label("Please list any affiliations you have.").fill("Imaging core")
    page.get_by_role("button", name="Submit").click()
    expect(page).to_have_url(local_env.ui_url + "/dandisets")
    expect(page.locator("[data-test=signed-in-user]")).to_have_text("Signed in as carol")
    expect(page.locator("[data-test=pending]")).to_contain_text("pending approval")
    expect(page.get_by_role("button", name="API key")).to_have_count(0)

    # Approved: the UI shows the API key, which the API accepts as the dandi client sends it.
    approve_in_admin_site(local_env, "carol")
    page.reload()
    expect(page.locator("[data-test=pending]")).to_have_count(0)
    page.get_by_role("button", name="API key").click()
    key = page.locator("#api-key-value").input_value()
    assert re.fullmatch(r"[0-9a-f]{40}", key)
    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == key
    check = requests.get(
        f"{local_env.api_url}/auth/token", headers={"Authorization": f"token {key}"}, timeout=30
    )
    assert check.status_code == 200
    bearer = page.evaluate("localStorage.getItem('dandi-stack.api-token')")

    # Sign out: back in the UI, signed out, and the UI's token is revoked at the API.
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(
        local_env.ui_url + "/"
    )  # the API ended its session too and sent the browser back
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    revoked = requests.get(
        f"{local_env.api_url}/users/me/", headers={"Authorization": f"Bearer {bearer}"}, timeout=30
    )
    assert revoked.status_code == 401

    # Sign in again with the password: no questionnaire this time.
    page.get_by_role("button", name="Sign in").click()
    page.locator("#id_login").fill("carol")
    page.locator("#id_password").fill(password)
    page.locator("form").filter(has=page.locator("#id_password")).get_by_role(
        "button", name=re.compile("sign in", re.I)
    ).click()
    expect(page.locator("[data-test=signed-in-user]")).to_have_text("Signed in as carol")
    expect(page.get_by_role("button", name="API key")).to_be_visible()
    context.close()
