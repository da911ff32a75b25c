"""Accessibility checks in the browser tests: axe-core (the npm package the web UI installs as a dev dependency,
injected from web/node_modules, no CDN) run on the page as it stands, and screenshots for review."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
AXE = REPO / "web" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(os.environ.get("DANDI_STACK_SCREENSHOTS", REPO / ".artifacts" / "screenshots"))
BLOCKING = {"serious", "critical"}


def serious_violations(page: Any) -> list[str]:
    """axe-core's serious and critical violations on the page, one line each (rule, impact, first targets)."""
    if not AXE.is_file():
        raise AssertionError(f"{AXE} is missing: run `npm ci` in web/ (./dev test does)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v.get("impact") in BLOCKING
    ]


def screenshot(page: Any, name: str) -> Path:
    """A full-page screenshot under SCREENSHOTS (git-ignored) for a person to review."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
