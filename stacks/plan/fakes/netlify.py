"""Netlify (our dynamic provider): the site id and its netlify.app domain."""

from __future__ import annotations

from typing import Any

from stacks.plan.fakes.digest import digest


def new_resource(typ: str, name: str, inputs: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    if typ == "pulumi-python:dynamic/netlify:Site":
        site_id = digest(name, 32).lower()
        return site_id, {**inputs, "site_id": site_id, "default_domain": f"{inputs['name']}.netlify.app"}
    return None
