"""Sentry: a client key's public DSN."""

from __future__ import annotations

from typing import Any

from stacks.plan.fakes.digest import digest


def new_resource(typ: str, name: str, inputs: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    if typ == "sentry:index/sentryKey:SentryKey":
        key = digest(name, 32).lower()
        return key, {**inputs, "dsnPublic": f"https://{key}@o0.ingest.sentry.example/{digest(name, 6)}"}
    return None
