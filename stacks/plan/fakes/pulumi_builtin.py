"""Pulumi's own kinds: our generated secret (a dynamic resource) and stack references (the pipeline id)."""

from __future__ import annotations

from typing import Any

from stacks.plan.fakes.digest import digest


def new_resource(typ: str, name: str, inputs: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    if typ == "pulumi-python:dynamic/random:GeneratedSecret":
        return f"{name}-id", {**inputs, "value": f"mock-generated-{digest(name, 32)}"}
    if typ == "pulumi:pulumi:StackReference":
        outputs = {"heroku_pipeline_id": digest(f"pipeline {name}", 32).lower()}
        return name, {**inputs, "outputs": outputs, "secretOutputNames": []}
    return None
