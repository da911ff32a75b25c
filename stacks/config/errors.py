"""Turn pydantic validation errors into one line per problem: file, key, what is wrong, an allowed example."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any

from stacks.config.sections import ConfigProblem

NAMESPACE = "dandi-stack"
HIDDEN_FIELDS = {"name", "encrypted_keys"}


def _key(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _field_for(loc: tuple[Any, ...], root: Any) -> Any:
    model: Any = root
    info = None
    for part in loc:
        if isinstance(part, int) or model is None or not hasattr(model, "model_fields"):
            continue
        info = model.model_fields.get(str(part))
        if info is None:
            return None
        model = next((a for a in _candidates(info.annotation) if hasattr(a, "model_fields")), None)
    return info


def _candidates(annotation: Any) -> list[Any]:
    return [annotation, *getattr(annotation, "__args__", ())]


def _example(loc: tuple[Any, ...], root: Any) -> str:
    info = _field_for(loc, root)
    if info is None:
        return "see the config reference in README.md"
    enum = next(
        (a for a in _candidates(info.annotation) if isinstance(a, type) and issubclass(a, StrEnum)), None
    )
    if enum is not None:
        return "one of " + ", ".join(m.value for m in enum)
    if info.examples:
        return json.dumps(info.examples[0]) if not isinstance(info.examples[0], str) else info.examples[0]
    return "see the config reference in README.md"


def describe(err: Any, source: str, root: Any) -> str:
    """One line for one pydantic error of `root` (the root class)."""
    ctx_error = (err.get("ctx") or {}).get("error")
    if isinstance(ctx_error, ConfigProblem):
        prefix = ".".join(str(p) for p in err["loc"])
        key = (
            f"{prefix}.{ctx_error.key}" if prefix and not ctx_error.key.startswith(prefix) else ctx_error.key
        )
        return f"{source}: {NAMESPACE}:{key}: {ctx_error.message} (e.g. {ctx_error.example})"
    loc = tuple(err["loc"])
    key = f"{NAMESPACE}:{_key(loc)}"
    kind = err["type"]
    if kind == "extra_forbidden":
        parent = _field_for(loc[:-1], root)
        model = (
            root
            if not loc[:-1]
            else next((a for a in _candidates(parent.annotation) if hasattr(a, "model_fields")), None)
            if parent
            else None
        )
        known = sorted(set(model.model_fields) - HIDDEN_FIELDS) if model else []
        return f"{source}: {key}: unknown key (known here: {', '.join(known)})"
    if kind == "missing":
        return f"{source}: {key}: missing (e.g. {_example(loc, root)})"
    message = err["msg"].removeprefix("Value error, ")
    value = err.get("input")
    got = "" if isinstance(value, dict | list) or value is None else f", got {value!r}"
    return f"{source}: {key}: {message}{got} (e.g. {_example(loc, root)})"
