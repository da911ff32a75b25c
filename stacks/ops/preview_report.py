"""Preview results as data (JSON) and as the Markdown a CI job posts on a pull request: a table of changes,
replacements flagged loudly (they delete and re-create: data or DNS may go away), protected resources
called out.
"""

from __future__ import annotations

from typing import Any

from stacks.ops.engine import OperationResult, Step

REPLACING = ("replace", "create-replacement", "delete-replaced")
DESTRUCTIVE = (*REPLACING, "delete")


def _changed(result: OperationResult) -> list[Step]:
    seen: dict[str, Step] = {}
    for step in result.steps:
        if step.op in ("same", "read"):
            continue
        # The engine reports a replacement as replace + create-replacement + delete-replaced; show it once.
        if step.urn in seen and seen[step.urn].op == "replace":
            continue
        seen[step.urn] = step
    return sorted(seen.values(), key=lambda s: (s.type, s.name, s.urn))


def preview_json(env: str, result: OperationResult) -> dict[str, Any]:
    return {
        "environment": env,
        "changes": dict(sorted(result.changes.items())),
        "steps": [
            {
                "op": s.op,
                "urn": s.urn,
                "type": s.type,
                "name": s.name,
                "protect": s.protect,
                "diffs": list(s.diffs),
            }
            for s in _changed(result)
        ],
    }


def preview_markdown(env: str, result: OperationResult) -> str:
    steps = _changed(result)
    counts = ", ".join(f"{op} {n}" for op, n in sorted(result.changes.items()) if n) or "no changes"
    lines = [f"### `dandi-stack preview {env}`", "", f"**Summary:** {counts}", ""]
    replaced = [s for s in steps if s.op in REPLACING]
    if replaced:
        lines += [
            "> [!CAUTION]",
            f"> **{len(replaced)} resource(s) will be REPLACED** (deleted and re-created): "
            + ", ".join(f"`{s.type}` `{s.name}`" for s in replaced),
            "",
        ]
    protected = [s for s in steps if s.protect]
    if protected:
        touched = ", ".join(
            f"`{s.name}` ({'BLOCKED: ' if s.op in DESTRUCTIVE else ''}{s.op})" for s in protected
        )
        lines += ["> [!WARNING]", f"> **Protected resources affected:** {touched}", ""]
    if not steps:
        lines.append("No resource changes.")
        return "\n".join(lines) + "\n"
    lines += ["| op | type | name | protected | changed properties |", "|---|---|---|---|---|"]
    for s in steps:
        op = f"**{s.op.upper()}**" if s.op in DESTRUCTIVE else s.op
        lines.append(
            f"| {op} | `{s.type}` | `{s.name}` | {'yes' if s.protect else ''} | {', '.join(s.diffs)} |"
        )
    return "\n".join(lines) + "\n"
