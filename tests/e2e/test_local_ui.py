"""The local environment's web UI in a real browser (Debian's Chromium via Playwright): the page that
`dandi-stack up` prints loads, reads the local API across origins, and shows what was created through the API.

The HTTP-level checks (config.json, deep links, CORS headers, the port freed by `down`) run inside the
up/upload/down test of test_local_up_down.py; this test is separate so that a machine without Chromium skips
only the browser part.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.browser import chromium
from tests.support.localenv import Env

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]


@pytest.fixture
def page() -> Iterator[Any]:
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        context.set_default_timeout(15_000)
        yield context.new_page()


def test_the_local_ui_shows_the_instance_and_dandisets_made_through_the_api(
    page: Any, local_env: Env
) -> None:
    from playwright.sync_api import expect

    from stacks.local.runtime import INSTANCE_NAME

    name = "Local UI mouse"
    created = local_env.api("POST", "/dandisets/?embargo=false", {"name": name, "metadata": {"name": name}})
    identifier = created["identifier"]
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))

    page.goto(local_env.ui_url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text(INSTANCE_NAME)
    expect(page.locator("footer")).to_contain_text(local_env.api_url)

    page.goto(local_env.ui_url + "/dandisets")  # a deep link, answered with index.html by the UI server
    row = page.locator(f"tr[data-dandiset='{identifier}']")
    expect(row).to_contain_text(name)
    row.get_by_role("link", name=name).click()
    expect(page).to_have_url(re.compile(rf"/dandiset/{identifier}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    assert failed == []  # a CORS refusal shows up here as a failed request
