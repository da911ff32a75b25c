"""The owner's views of the built UI against the live API, on the seeded dandisets and without changing them
(the other browser tests count them): a draft's problems link to the field in the metadata editor; a save the
server refuses keeps the edits and says why; kept edits can be discarded; who is not an owner sees no editing,
no Publish and a read-only owners list. The whole create-to-publish flow runs against the local environment in
tests/e2e/test_local_authoring_browser.py."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import pytest
import requests

from tests.support.accessibility import screenshot, serious_violations

if TYPE_CHECKING:
    from tests.support.services import LiveApp
    from tests.support.ui import ServedUI
    from tests.web.conftest import Seeded

pytestmark = [pytest.mark.integration, pytest.mark.e2e]


def expect(target: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target)


def use_token(page: Any, ui: ServedUI, token: str) -> None:
    page.goto(ui.url + "/dandisets")
    page.get_by_label("API token").fill(token)
    page.get_by_role("button", name="Use token").click()
    expect(page.locator(".token")).to_contain_text("Signed in as alice")


def settled(live: LiveApp, identifier: str) -> str:
    """The draft's status once the worker has validated it (the seeding has only just queued that)."""
    url = f"{live.api_url}/dandisets/{identifier}/versions/draft/info/"
    for _ in range(120):
        status = requests.get(url, timeout=30).json()["status"]
        if status not in {"Pending", "Validating"}:
            return status
        time.sleep(0.5)
    raise AssertionError(f"the draft of {identifier} is still {status}")


def test_a_problem_links_to_its_field_and_a_refused_save_keeps_the_edits(
    page: Any, ui: ServedUI, live: LiveApp, seeded: Seeded
) -> None:
    assert settled(live, seeded.zebrafish) == "Invalid"
    use_token(page, ui, seeded.token)
    page.goto(f"{ui.url}/dandiset/{seeded.zebrafish}")
    problems = page.locator("[data-test=version-errors]")
    # alice has no first or last name, so the contact person the server added is not "Last, First".
    problems.get_by_role("link", name="contributor.0.name").click()
    expect(page).to_have_url(f"{ui.url}/dandiset/{seeded.zebrafish}/draft/metadata?focus=contributor.0.name")
    field = page.locator("#field-contributor-0-name")
    expect(field).to_be_focused()
    expect(page.locator("[data-path='contributor.0.name'] .field-error")).to_contain_text("should match pattern")
    assert serious_violations(page) == []

    keywords = page.locator("fieldset#field-keywords")
    keywords.get_by_role("button", name="Add Item").focus()
    page.keyboard.press("Enter")  # the new keyword's field takes the focus
    page.keyboard.type("zebrafish")
    expect(page.locator("#field-keywords-0")).to_have_value("zebrafish")
    page.locator("#field-name").fill("")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert").filter(has_text="400")).to_contain_text("name")
    expect(page.locator("#field-name")).to_have_value("")
    screenshot(page, "editor-refused-save")

    page.reload()  # the refused edit is still here, and can be let go
    expect(page.locator("[data-test=restored]")).to_be_visible()
    expect(page.locator("#field-name")).to_have_value("")
    page.get_by_role("button", name="Discard them").click()
    expect(page.locator("#field-name")).to_have_value("Zebrafish calcium imaging")
    expect(page.locator("[data-test=save-status]")).to_have_text("No unsaved changes")
    page.reload()
    expect(page.locator("[data-test=restored]")).to_have_count(0)


def test_who_is_not_an_owner_reads_but_does_not_edit(page: Any, ui: ServedUI, seeded: Seeded) -> None:
    use_token(page, ui, seeded.token)
    page.goto(f"{ui.url}/dandisets?search=marmoset")
    page.get_by_role("link", name="Bob's marmoset audio").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bob's marmoset audio")
    expect(page.locator("[data-test=validation]")).to_be_visible()
    expect(page.get_by_role("link", name="Edit metadata")).to_have_count(0)
    expect(page.get_by_role("button", name="Publish")).to_have_count(0)

    owners_button = page.get_by_role("button", name="Owners")
    owners_button.focus()
    page.keyboard.press("Enter")  # by keyboard: the dialog opens, Escape closes it and focus goes back
    dialog = page.get_by_role("dialog")
    expect(dialog.locator("[data-owner=bob]")).to_be_visible()
    expect(dialog.get_by_role("button", name="Remove bob")).to_have_count(0)
    expect(dialog.get_by_label("Find a user by username")).to_have_count(0)
    assert serious_violations(page) == []
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(owners_button).to_be_focused()


def test_a_new_dandiset_needs_name_description_and_license(page: Any, ui: ServedUI, seeded: Seeded) -> None:
    use_token(page, ui, seeded.token)
    page.get_by_role("link", name="New dandiset").click()
    expect(page.get_by_label("License")).to_contain_text("CC-BY-4.0")
    page.get_by_role("button", name="Create dandiset").click()
    expect(page.locator("#new-name-error")).to_have_text("Give the dandiset a name.")
    expect(page.locator("#new-license-error")).to_have_text("Choose a license.")
    expect(page.get_by_label("Name")).to_be_focused()
    assert page.url == f"{ui.url}/dandisets/new"  # nothing was created
