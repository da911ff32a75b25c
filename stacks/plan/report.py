"""Offline plans and plan diffs as JSON, Markdown (the PR comment) and plain lines. Pure: snapshot in, text
out.
"""

from __future__ import annotations

import json
from typing import Any

from stacks.plan.snapshot import PlanDiff, key_inputs, parent_name

_WIDTH = 80


def _value(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
    return text if len(text) <= _WIDTH else text[: _WIDTH - 1] + "…"


def resource_rows(snapshot: dict[str, Any]) -> list[tuple[str, str, str, bool, bool, str]]:
    return [
        (
            r["type"],
            r["name"],
            parent_name(r.get("parent")),
            r["protect"],
            r["retain_on_delete"],
            key_inputs(r.get("inputs") or {}),
        )
        for r in snapshot["resources"]
    ]


def plan_json(env: str, snapshot: dict[str, Any]) -> dict[str, Any]:
    return {
        "environment": env,
        "resources": [
            {
                "type": r["type"],
                "name": r["name"],
                "urn": r["urn"],
                "parent": r.get("parent"),
                "protect": r["protect"],
                "retain_on_delete": r["retain_on_delete"],
                "inputs": r.get("inputs") or {},
            }
            for r in snapshot["resources"]
        ],
        "outputs": snapshot.get("outputs") or {},
    }


def plan_markdown(env: str, snapshot: dict[str, Any]) -> str:
    rows = resource_rows(snapshot)
    protected = sum(1 for r in rows if r[3])
    lines = [
        f"### `dandi-stack plan {env}` (offline render)",
        "",
        f"{len(rows)} resources, {protected} protected.",
        "",
        "| type | name | parent | protect | retain | key inputs |",
        "|---|---|---|---|---|---|",
    ]
    for type_, name, parent, protect, retain, inputs in rows:
        lines.append(
            f"| `{type_}` | `{name}` | {parent} | {'**yes**' if protect else ''} | "
            f"{'yes' if retain else ''} | "
            f"{inputs.replace('|', '/')} |"
        )
    return "\n".join(lines) + "\n"


def diff_summary(plan_diff: PlanDiff) -> str:
    return f"{len(plan_diff.added)} added, {len(plan_diff.removed)} removed, {len(plan_diff.changed)} changed"


def diff_json(env: str, base: str, plan_diff: PlanDiff) -> dict[str, Any]:
    return {
        "environment": env,
        "base": base,
        "added": [{"type": r["type"], "name": r["name"], "urn": r["urn"]} for r in plan_diff.added],
        "removed": [
            {"type": r["type"], "name": r["name"], "urn": r["urn"], "protect": r["protect"]}
            for r in plan_diff.removed
        ],
        "changed": [
            {
                "type": c.type,
                "name": c.name,
                "urn": c.urn,
                "changes": [{"path": ch.path, "old": ch.old, "new": ch.new} for ch in c.changes],
            }
            for c in plan_diff.changed
        ],
    }


def diff_lines(env: str, base: str, plan_diff: PlanDiff) -> list[str]:
    lines = [f"Plan diff for {env} against {base}: {diff_summary(plan_diff)}"]
    lines += [f"+ {r['type']} {r['name']}" for r in plan_diff.added]
    lines += [f"- {r['type']} {r['name']}{' (PROTECTED)' if r['protect'] else ''}" for r in plan_diff.removed]
    for resource in plan_diff.changed:
        lines.append(f"~ {resource.type} {resource.name}")
        lines += [f"    {c.path}: {_value(c.old)} -> {_value(c.new)}" for c in resource.changes]
    return lines


def diff_markdown(env: str, base: str, plan_diff: PlanDiff) -> str:
    lines = [
        f"### `dandi-stack plan {env} --base {base}` (offline)",
        "",
        f"**{diff_summary(plan_diff)}**",
        "",
    ]
    if plan_diff.empty:
        return "\n".join([*lines, "No resource changes."]) + "\n"
    removed_protected = [r for r in plan_diff.removed if r["protect"]]
    if removed_protected:
        lines += [
            "> [!CAUTION]",
            "> **Protected resources removed from the program:** "
            + ", ".join(f"`{r['name']}`" for r in removed_protected),
            "",
        ]
    lines += ["| | type | name | changed |", "|---|---|---|---|"]
    lines += [f"| added | `{r['type']}` | `{r['name']}` | |" for r in plan_diff.added]
    lines += [f"| **removed** | `{r['type']}` | `{r['name']}` | |" for r in plan_diff.removed]
    for resource in plan_diff.changed:
        changes = "<br>".join(
            f"`{c.path}`: `{_value(c.old)}` → `{_value(c.new)}`".replace("|", "\\|") for c in resource.changes
        )
        lines.append(f"| changed | `{resource.type}` | `{resource.name}` | {changes} |")
    return "\n".join(lines) + "\n"
