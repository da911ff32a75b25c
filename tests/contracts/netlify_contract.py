"""Requests checked against Netlify's OpenAPI document (npm @netlify/open-api, Swagger 2.0).

A request passes when its method and path name an operation the document defines, every query parameter
is one the operation declares (with the declared type, required ones present), and a JSON body validates
against the operation's body schema with no property the schema does not define (the document leaves
additionalProperties open; a field Netlify does not define is ignored by it at best, so it is refused here).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import parse_qs, unquote

from tests.contracts.npm_packages import netlify_openapi

METHODS = ("get", "put", "post", "patch", "delete")


@dataclass(frozen=True)
class Request:
    method: str
    path: str  # below the API's basePath (/api/v1), percent-decoded
    query: dict[str, list[str]]
    content_type: str
    body: bytes


@cache
def _routes() -> list[tuple[re.Pattern[str], str, int]]:
    routes = []
    for template in netlify_openapi()["paths"]:
        parts = re.split(r"(\{[^}]+\})", template)
        pattern = "".join(
            (".+" if part == "{path}" else "[^/]+") if part.startswith("{") else re.escape(part)
            for part in parts
        )
        literal = len(re.sub(r"\{[^}]+\}", "", template))
        routes.append((re.compile(f"^{pattern}$"), template, literal))
    return sorted(
        routes, key=lambda route: -route[2]
    )  # the most literal template wins: /sites/{id} over /{slug}/sites


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = netlify_openapi()["definitions"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _properties(schema: dict[str, Any]) -> dict[str, Any] | None:
    """Every property an object schema defines (through $ref and allOf); None for a free-form object."""
    schema = _resolve(schema)
    found: dict[str, Any] = {}
    for part in schema.get("allOf", []):
        found.update(_properties(part) or {})
    found.update(schema.get("properties", {}))
    return found or None


def _unknown_fields(value: Any, schema: dict[str, Any], where: str) -> list[str]:
    schema = _resolve(schema)
    if isinstance(value, list) and "items" in schema:
        return [
            p for i, item in enumerate(value) for p in _unknown_fields(item, schema["items"], f"{where}[{i}]")
        ]
    if not isinstance(value, dict):
        return []
    known = _properties(schema)
    if known is None:
        return []
    problems = [f"{where}.{key}: a field the operation does not define" for key in value if key not in known]
    for key, item in value.items():
        if key in known:
            problems += _unknown_fields(item, known[key], f"{where}.{key}")
    return problems


def _query_type_problem(name: str, value: str, declared: str | None) -> str | None:
    if declared == "integer" and not re.fullmatch(r"-?\d+", value):
        return f"query {name}={value!r} is not an integer"
    if declared == "boolean" and value not in ("true", "false"):
        return f"query {name}={value!r} is not a boolean"
    return None


def violations(request: Request) -> list[str]:
    """Why Netlify's document does not define this request; empty when it does."""
    import jsonschema

    doc = netlify_openapi()
    label = f"{request.method} {request.path}"
    route = next((r for r in _routes() if r[0].match(request.path)), None)
    if route is None:
        return [f"{label}: no such path in Netlify's API"]
    item = doc["paths"][route[1]]
    operation = item.get(request.method.lower())
    if operation is None or request.method.lower() not in METHODS:
        return [f"{label}: {route[1]} has no {request.method} operation"]
    parameters = [*item.get("parameters", []), *operation.get("parameters", [])]
    problems = []
    query_params = {p["name"]: p for p in parameters if p["in"] == "query"}
    for name, values in request.query.items():
        if name not in query_params:
            problems.append(
                f"{label}: query parameter {name!r} is not defined for {operation['operationId']}"
            )
            continue
        for value in values:
            problem = _query_type_problem(name, value, query_params[name].get("type"))
            if problem:
                problems.append(f"{label}: {problem}")
    problems += [
        f"{label}: required query parameter {name!r} missing"
        for name, p in query_params.items()
        if p.get("required") and name not in request.query
    ]
    body_param = next((p for p in parameters if p["in"] == "body"), None)
    if body_param is None:
        if request.body:
            problems.append(f"{label}: {operation['operationId']} takes no body")
        return problems
    if not request.body:
        if body_param.get("required"):
            problems.append(f"{label}: {operation['operationId']} requires a body")
        return problems
    consumes = operation.get("consumes", doc.get("consumes", ["application/json"]))
    content_type = request.content_type.split(";")[0].strip()
    if content_type not in consumes:
        problems.append(f"{label}: Content-Type {content_type!r}, the operation consumes {consumes}")
        return problems
    if content_type != "application/json":
        return problems
    try:
        body = json.loads(request.body)
    except ValueError:
        return [*problems, f"{label}: body is not JSON"]
    schema = {**body_param["schema"], "definitions": doc["definitions"]}
    validator = jsonschema.Draft4Validator(schema)
    problems += [
        f"{label}: body{''.join(f'[{p!r}]' for p in error.absolute_path)}: {error.message}"
        for error in validator.iter_errors(body)
    ]
    problems += [f"{label}: {p}" for p in _unknown_fields(body, body_param["schema"], "body")]
    return problems


def recorded_violations(
    sent: Iterable[tuple[str, str, str, str, bytes]], base_path: str = "/api/v1"
) -> list[str]:
    """violations() of requests recorded as (method, raw path, raw query, Content-Type, body)."""
    problems = []
    for method, raw_path, raw_query, content_type, body in sent:
        if not raw_path.startswith(base_path):
            problems.append(f"{method} {raw_path}: outside the API's basePath {base_path}")
            continue
        path = unquote(raw_path.removeprefix(base_path))
        query = parse_qs(raw_query, keep_blank_values=True)
        problems += violations(Request(method, path, query, content_type, body))
    return problems
