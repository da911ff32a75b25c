"""What an archive's people do in the web UI, in a real browser (Debian's Chromium via Playwright) against the
local environment (`dandi-stack up`): sign up and sign in; create a dandiset; edit its metadata until the server
finds it valid (its errors shown beside the fields, then gone; unsaved edits survive leaving the editor); upload
a file with the official `dandi` client; publish from the UI and see the new version; add a second user as owner,
who then finds the dandiset in their My dandisets; unembargo an embargoed dandiset and read it anonymously.

axe-core checks the list, create, dandiset, editor and owners views for serious or critical violations; each view's
screenshot is written to a git-ignored directory (tests/support/accessibility.py) for review."""

from __future__ import annotations

import re
import secrets
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.e2e.test_local_signin_browser import approve_in_admin_site
from tests.support.accessibility import screenshot, serious_violations
from tests.support.localenv import Env
from tests.support.nwbfiles import make_nwb

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

PUBLISHED = re.compile(r"^0\.\d{6}\.\d{4}$")


def new_page(browser: Any, env: Env) -> Any:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=env.ui_url)
    context.set_default_timeout(30_000)
    return context.new_page()


def sign_up(page: Any, env: Env, username: str, first: str, last: str) -> str:
    """Sign up from the UI's Sign in button with a local account and answer the questionnaire; returns the
    password. The account is pending until an admin approves it."""
    from playwright.sync_api import expect

    password = secrets.token_urlsafe(16)
    page.goto(env.ui_url + "/dandisets")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="sign up", exact=True).click()
    page.locator("#id_username").fill(username)
    page.locator("#id_email").fill(f"{username}@example.org")
    page.locator("#id_password1").fill(password)
    page.locator("#id_password2").fill(password)
    page.locator("form").filter(has=page.locator("#id_password2")).get_by_role("button").click()
    page.get_by_label("First Name").fill(first)
    page.get_by_label("Last Name").fill(last)
    page.get_by_label("What do you plan to use this archive for?").fill("Share recordings")
    page.get_by_label("Please list any affiliations you have.").fill("Test lab")
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("[data-test=signed-in-user]")).to_have_text(f"Signed in as {username}")
    return password


def sign_in(page: Any, env: Env, username: str, password: str) -> None:
    from playwright.sync_api import expect

    page.goto(env.ui_url + "/")
    page.get_by_role("button", name="Sign in").click()
    page.locator("#id_login").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("form").filter(has=page.locator("#id_password")).get_by_role(
        "button", name=re.compile("sign in", re.I)
    ).click()
    expect(page.locator("[data-test=signed-in-user]")).to_have_text(f"Signed in as {username}")


def accessible(page: Any, view: str) -> None:
    screenshot(page, view)
    assert serious_violations(page) == [], view


def create_dandiset(page: Any, env: Env, name: str, *, embargoed: bool = False) -> str:
    from playwright.sync_api import expect

    page.get_by_role("link", name="New dandiset").click()
    page.get_by_label("Name").fill(name)
    page.get_by_label("Description").fill(f"{name}: recordings made for the web UI's end-to-end test.")
    page.get_by_label("License").select_option("spdx:CC-BY-4.0")
    page.get_by_label("Embargoed:" if embargoed else "Open:").check()
    accessible(page, "create-embargoed" if embargoed else "create")
    page.get_by_role("button", name="Create dandiset").click()
    expect(page).to_have_url(re.compile(r"/dandiset/\d{6}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    return page.url.rsplit("/", 1)[-1]


def test_create_describe_upload_publish_share_unembargo(browser: Any, local_env: Env, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    env = local_env
    alice = new_page(browser, env)
    sign_up(alice, env, "alice", "Alice", "Smith")
    bob = new_page(browser, env)
    bob_password = sign_up(bob, env, "bob", "Bob", "Jones")
    approve_in_admin_site(env, "alice")
    approve_in_admin_site(env, "bob")
    alice.reload()
    expect(alice.get_by_role("button", name="API key")).to_be_visible()

    # Create: the new dandiset's page opens, with the creator as its contact.
    identifier = create_dandiset(alice, env, "Mouse barrel cortex")
    expect(alice.locator(".facts")).to_contain_text("Smith, Alice")
    expect(alice.locator("[data-test=citation]")).to_contain_text(f"/dandiset/{identifier}/draft")
    expect(alice.locator("[data-test=download-command]")).to_contain_text(
        f"dandi download {env.api_url}/dandisets/{identifier}/versions/draft/"
    )

    # Describe: a co-author whose name is not "Last, First" makes the draft invalid; the server's error sits
    # beside that field and in the list of problems; fixing it makes the draft valid and the errors go.
    alice.get_by_role("link", name="Edit metadata").click()
    contributors = alice.locator("fieldset#field-contributor")
    contributors.get_by_role("button", name="Add Person or Organization").click()
    alice.locator("#field-contributor-1-name").fill("Ada Lovelace")
    alice.locator("[data-path='contributor.1.roleName']").get_by_label("Author", exact=True).check()
    alice.locator("fieldset#field-keywords").get_by_role("button", name=re.compile("^Add")).click()
    alice.locator("#field-keywords-0").fill("barrel cortex")

    # Unsaved edits survive leaving the editor and coming back.
    alice.get_by_role("link", name="Dandisets", exact=True).first.click()
    expect(alice).to_have_url(env.ui_url + "/dandisets")
    alice.go_back()
    expect(alice.locator("[data-test=restored]")).to_be_visible()
    expect(alice.locator("#field-contributor-1-name")).to_have_value("Ada Lovelace")
    expect(alice.locator("#field-keywords-0")).to_have_value("barrel cortex")

    alice.get_by_role("button", name="Save").click()
    expect(alice.locator("[data-test=draft-status]")).to_have_text("Invalid")
    name_error = alice.locator("[data-path='contributor.1.name'] .field-error")
    expect(name_error).to_contain_text("should match pattern")
    expect(alice.locator("[data-test=problems]")).to_contain_text("contributor.1.name")
    accessible(alice, "editor-with-errors")

    alice.locator("#field-contributor-1-name").fill("Lovelace, Ada")
    alice.get_by_role("button", name="Save").click()
    expect(alice.locator("[data-test=draft-status]")).to_have_text("Valid")
    expect(alice.locator(".field-error")).to_have_count(0)
    expect(alice.locator("[data-test=problems]")).to_have_count(0)
    accessible(alice, "editor-valid")
    saved = requests.get(f"{env.api_url}/dandisets/{identifier}/versions/draft/", timeout=30).json()
    assert saved["keywords"] == ["barrel cortex"]
    assert saved["contributor"][1]["name"] == "Lovelace, Ada"

    # Upload with the official client, under alice's own API key (the one the UI shows her).
    alice.get_by_role("button", name="API key").click()
    key = alice.locator("#api-key-value").input_value()
    folder = tmp_path / identifier
    folder.mkdir()
    (folder / "dandiset.yaml").write_text(f"identifier: '{identifier}'\n")
    make_nwb(folder / "sub-mouse1" / "sub-mouse1_ses-1.nwb", identifier="authoring")
    uploaded = env.dandi("upload", "-i", env.api_url, cwd=folder, key=key)
    assert uploaded.returncode == 0, uploaded.stdout + uploaded.stderr

    # Publish from the UI once the server would accept it; the new version opens, read-only.
    alice.goto(f"{env.ui_url}/dandiset/{identifier}")
    publish = alice.get_by_role("button", name="Publish")
    for _ in range(60):  # the file's sha256 and validation run in the workers
        if publish.count() and alice.locator("[data-field=asset-count]").inner_text() == "1":
            break
        alice.wait_for_timeout(1000)
        alice.reload()
    expect(alice.locator("tr[data-path='sub-mouse1'] td.num").first).to_be_visible()
    accessible(alice, "dandiset-draft")
    publish.click()
    expect(alice).to_have_url(re.compile(rf"/dandiset/{identifier}/0\.\d{{6}}\.\d{{4}}$"), timeout=120_000)
    version = alice.url.rsplit("/", 1)[-1]
    assert PUBLISHED.match(version)
    expect(alice.locator("#version-select")).to_have_value(version)
    expect(alice.locator("[data-test=read-only]")).to_be_visible()
    expect(alice.get_by_role("link", name="Edit metadata")).to_have_count(0)
    expect(alice.locator("[data-test=citation]")).to_contain_text(f"(Version {version})")
    expect(alice.locator("[data-test=download-command]")).to_contain_text(f"/versions/{version}/")
    alice.locator("tr[data-path='sub-mouse1'] a").first.click()
    row = alice.locator("tr[data-path='sub-mouse1/sub-mouse1_ses-1.nwb']")
    row.get_by_role("button", name="URLs of").click()
    urls = alice.locator("[data-urls] code.url")
    expect(urls).to_have_count(2)
    assert requests.get(urls.first.inner_text(), timeout=30).content[:4] == b"\x89HDF"
    screenshot(alice, "dandiset-published-files")
    alice.locator("#version-select").select_option("draft")
    expect(alice).to_have_url(f"{env.ui_url}/dandiset/{identifier}")
    expect(alice.get_by_role("link", name="Edit metadata")).to_be_visible()

    # Share: alice adds bob through the owners dialog; bob finds the dandiset in his My dandisets.
    alice.get_by_role("button", name="Owners").click()
    dialog = alice.get_by_role("dialog", name=f"Owners of {identifier}")
    expect(dialog.locator("[data-owner=alice]")).to_be_visible()
    dialog.get_by_label("Find a user by username").fill("bo")
    dialog.get_by_role("button", name="Add bob").click()
    accessible(alice, "owners-dialog")
    dialog.get_by_role("button", name="Save owners").click()
    expect(dialog.get_by_role("button", name="Save owners")).to_be_disabled()
    owners = requests.get(f"{env.api_url}/dandisets/{identifier}/users/", timeout=30).json()
    assert sorted(o["username"] for o in owners) == ["alice", "bob"]
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()

    bob.context.clear_cookies()
    bob.evaluate("localStorage.clear()")
    sign_in(bob, env, "bob", bob_password)
    bob.get_by_role("link", name="My dandisets").click()
    expect(bob.locator(f"tr[data-dandiset='{identifier}']")).to_contain_text("Mouse barrel cortex")
    accessible(bob, "my-dandisets")

    # Unembargo: an embargoed dandiset is hidden from anonymous readers until its owner lifts the embargo.
    alice.goto(env.ui_url + "/dandisets")
    embargoed = create_dandiset(alice, env, "Embargoed rat hippocampus", embargoed=True)
    anonymous = new_page(browser, env)
    anonymous.goto(f"{env.ui_url}/dandiset/{embargoed}")
    expect(anonymous.get_by_role("alert")).to_be_visible()
    panel = alice.locator("[data-test=embargo]")
    panel.get_by_role("button", name="Unembargo").click()
    expect(panel).to_contain_text("readable by anyone")
    screenshot(alice, "unembargo-confirm")
    panel.get_by_role("button", name=f"Yes, unembargo {embargoed}").click()
    expect(alice.locator(".badges")).to_contain_text("OPEN", timeout=120_000)
    anonymous.reload()
    expect(anonymous.get_by_role("heading", level=1)).to_have_text("Embargoed rat hippocampus")
    accessible(anonymous, "dandiset-anonymous")
