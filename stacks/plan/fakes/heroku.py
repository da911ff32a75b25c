"""Heroku: app ids and hostnames, the DNS target of a custom domain."""

from __future__ import annotations

from typing import Any

from stacks.plan.fakes.digest import digest


def new_resource(typ: str, name: str, inputs: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    if typ == "heroku:app/app:App":
        uuid = digest(inputs.get("name", name), 32).lower()
        host = f"{inputs.get('name', name)}-{uuid[:12]}.herokuapp.com"
        return uuid, {**inputs, "uuid": uuid, "herokuHostname": host, "webUrl": f"https://{host}/"}
    if typ == "heroku:domain/domain:Domain":
        return f"{name}-id", {**inputs, "cname": f"{digest(inputs['hostname'], 16).lower()}.herokudns.com"}
    return None
