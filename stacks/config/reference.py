"""The README's config reference, generated from the model so the two cannot drift (a test compares them)."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from stacks.config.model import NAMESPACE, EnvironmentConfig

SECTIONS = ("storage", "identity", "dns", "heroku", "netlify", "sentry", "sandbox", "auth")
HIDDEN = {"name", "encrypted_keys"}


def _type_name(annotation: Any) -> str:
    parts = [a for a in (getattr(annotation, "__args__", None) or (annotation,)) if a is not type(None)]
    names = []
    for part in parts:
        if isinstance(part, type) and issubclass(part, StrEnum):
            names.append("/".join(m.value for m in part))
        else:
            names.append(getattr(part, "__name__", str(part)))
    optional = type(None) in getattr(annotation, "__args__", ())
    return " or ".join(names) + (" (optional)" if optional else "")


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|")


def _example(info: Any) -> str:
    if not info.examples:
        return ""
    value = info.examples[0]
    return value if isinstance(value, str) else json.dumps(value)


def _rows(model: type[BaseModel], prefix: str) -> list[str]:
    rows = []
    for name, info in model.model_fields.items():
        if name in HIDDEN:
            continue
        rows.append(
            f"| `{prefix}{name}` | {_cell(_type_name(info.annotation))} | {_cell(info.description)} "
            f"| `{_example(info)}` |"
        )
        nested = [a for a in getattr(info.annotation, "__args__", ()) if isinstance(a, type)]
        for part in nested:
            if issubclass(part, BaseModel) and part.__module__ == "stacks.config.auth":
                rows += _rows(part, f"{prefix}{name}.")
    return rows


def reference_markdown() -> str:
    lines = ["| key | type | meaning | example |", "|---|---|---|---|"]
    top = [n for n in EnvironmentConfig.model_fields if n not in HIDDEN and n not in SECTIONS]
    for name in top:
        info = EnvironmentConfig.model_fields[name]
        lines.append(
            f"| `{NAMESPACE}:{name}` | {_cell(_type_name(info.annotation))} | {_cell(info.description)} | "
            f"`{_example(info)}` |"
        )
    for section in SECTIONS:
        info = EnvironmentConfig.model_fields[section]
        model = next(
            a
            for a in (info.annotation, *getattr(info.annotation, "__args__", ()))
            if isinstance(a, type) and issubclass(a, BaseModel)
        )
        lines.append(f"| `{NAMESPACE}:{section}` | object | {_cell(info.description)} | |")
        lines += _rows(model, f"{section}.")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(reference_markdown(), end="")
