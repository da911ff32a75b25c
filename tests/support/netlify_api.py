"""A local stand-in for the Netlify REST API endpoints the provider uses, served on a free loopback port.

It keeps sites, env vars, deploys and the blob store (by sha1) in memory, checks the bearer token on every
call, answers 422 for a taken site name and 404 for unknown ids, and records every request so tests can assert
what was sent (e.g. which files were uploaded).
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

GOOD_TOKEN = "test-token-3f9a"
ACCOUNT_ID = "acct-0001"
ACCOUNT_SLUG = "dandi-team"


@dataclass
class FakeNetlify:
    sites: dict[str, dict[str, Any]] = field(default_factory=dict)
    env: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)  # site_id -> key -> env object
    deploys: dict[str, dict[str, Any]] = field(default_factory=dict)
    blobs: dict[str, bytes] = field(default_factory=dict)  # sha1 -> content already on Netlify
    requests: list[tuple[str, str]] = field(default_factory=list)
    # every request in full (method, path, query string, Content-Type, body), for the OpenAPI contract check
    sent: list[tuple[str, str, str, str, bytes]] = field(default_factory=list)
    taken_names: set[str] = field(default_factory=set)  # names owned by other Netlify users
    taken_domains: set[str] = field(default_factory=set)  # custom domains other sites already have
    polls_until_ready: int = 1  # GET /deploys/{id} calls that still report "processing"
    fail_deploy: str | None = None  # error message to fail the next deploy with
    env_status: int | None = None  # answer env var writes with this HTTP status
    url: str = ""

    def uploads(self) -> list[str]:
        return [unquote(p.split("/files", 1)[1]) for m, p in self.requests if m == "PUT" and "/files/" in p]


def _site_object(site_id: str, body: dict[str, Any], account_slug: str | None) -> dict[str, Any]:
    name = body["name"]
    return {
        "id": site_id,
        "site_id": site_id,
        "name": name,
        "custom_domain": body.get("custom_domain"),
        "domain_aliases": body.get("domain_aliases") or [],
        "account_id": ACCOUNT_ID,
        "account_slug": account_slug or ACCOUNT_SLUG,
        "url": f"http://{body.get('custom_domain') or name + '.netlify.app'}",
        "ssl_url": f"https://{body.get('custom_domain') or name + '.netlify.app'}",
        "default_domain": f"{name}.netlify.app",
    }


def make_handler(state: FakeNetlify, lock: threading.Lock) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args: Any) -> None:  # keep pytest output clean
            return

        def _send(self, status: int, body: Any = None) -> None:
            data = b"" if body is None else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _body(self) -> bytes:
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))

        def _dispatch(self, method: str) -> None:
            parts = urlsplit(self.path)
            path = parts.path.removeprefix("/api/v1")
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            raw = self._body()
            with lock:
                state.requests.append((method, path))
                state.sent.append((method, parts.path, parts.query, self.headers.get("Content-Type", ""), raw))
                if self.headers.get("Authorization") != f"Bearer {GOOD_TOKEN}":
                    return self._send(401, {"code": 401, "message": "Access Denied: Invalid token"})
                status, body = self._route(method, path, query, raw)
            self._send(status, body)

        def _route(self, method: str, path: str, query: dict[str, str], raw: bytes) -> tuple[int, Any]:
            if m := re.fullmatch(r"(?:/([^/]+))?/sites", path):
                if method != "POST":
                    return 405, None
                body = json.loads(raw)
                names = {s["name"] for s in state.sites.values()} | state.taken_names
                if body["name"] in names:
                    return 422, {"errors": {"subdomain": ["must be unique"]}}
                if body.get("custom_domain") in state.taken_domains:
                    return 422, {"errors": {"custom_domain": ["is already in use by another site"]}}
                site_id = str(uuid.uuid4())
                state.sites[site_id] = _site_object(site_id, body, m.group(1))
                return 201, state.sites[site_id]
            if m := re.fullmatch(r"/sites/([^/]+)", path):
                site = state.sites.get(m.group(1))
                if site is None:
                    return 404, {"code": 404, "message": "Not Found"}
                if method == "GET":
                    return 200, site
                if method == "PATCH":
                    updated = {**site, **json.loads(raw)}
                    state.sites[site["id"]] = _site_object(site["id"], updated, site["account_slug"])
                    return 200, state.sites[site["id"]]
                if method == "DELETE":
                    del state.sites[site["id"]]
                    state.env.pop(site["id"], None)
                    return 204, None
            if m := re.fullmatch(r"/accounts/([^/]+)/env(?:/([^/]+))?", path):
                if unquote(m.group(1)) not in (ACCOUNT_ID, ACCOUNT_SLUG):
                    return 404, {"message": "account not found"}
                site_id = query.get("site_id", "")
                if site_id not in state.sites:
                    return 404, {"message": "site not found"}
                if state.env_status and method != "GET":
                    return state.env_status, {"message": "env var service unavailable"}
                site_env = state.env.setdefault(site_id, {})
                key = unquote(m.group(2)) if m.group(2) else None
                if method == "GET" and key is None:
                    return 200, list(site_env.values())
                if method == "POST" and key is None:
                    for item in json.loads(raw):
                        if item["key"] in site_env:
                            return 400, {"message": f"env var {item['key']} already exists"}
                        site_env[item["key"]] = item
                    return 201, json.loads(raw)
                if key is not None and key not in site_env:
                    return 404, {"message": "env var not found"}
                if method == "PUT":
                    site_env[key] = json.loads(raw)
                    return 200, site_env[key]
                if method == "DELETE":
                    del site_env[key]
                    return 204, None
            if m := re.fullmatch(r"/sites/([^/]+)/deploys", path):
                if m.group(1) not in state.sites:
                    return 404, {"message": "site not found"}
                files: dict[str, str] = json.loads(raw)["files"]
                deploy_id = str(uuid.uuid4())
                required = sorted({sha for sha in files.values() if sha not in state.blobs})
                state.deploys[deploy_id] = {
                    "id": deploy_id,
                    "site_id": m.group(1),
                    "state": "uploading" if required else "processing",
                    "required": required,
                    "files": files,
                    "polls": 0,
                    "ssl_url": f"https://{deploy_id[:8]}--{state.sites[m.group(1)]['name']}.netlify.app",
                }
                return 200, _public(state.deploys[deploy_id])
            if m := re.fullmatch(r"/deploys/([^/]+)/files/(.+)", path):
                deploy = state.deploys.get(m.group(1))
                if deploy is None:
                    return 404, {"message": "deploy not found"}
                file_path = "/" + unquote(m.group(2))
                sha = hashlib.sha1(raw, usedforsecurity=False).hexdigest()
                if deploy["files"].get(file_path) != sha:
                    return 422, {"message": f"{file_path}: content does not match the manifest"}
                state.blobs[sha] = raw
                deploy["required"] = [s for s in deploy["required"] if s != sha]
                if not deploy["required"]:
                    deploy["state"] = "processing"
                return 200, {"id": sha, "path": file_path}
            if m := re.fullmatch(r"/deploys/([^/]+)", path):
                deploy = state.deploys.get(m.group(1))
                if deploy is None:
                    return 404, {"message": "deploy not found"}
                if deploy["state"] == "processing":
                    deploy["polls"] += 1
                    if state.fail_deploy:
                        deploy["state"], deploy["error_message"] = "error", state.fail_deploy
                    elif deploy["polls"] >= state.polls_until_ready:
                        deploy["state"] = "ready"
                return 200, _public(deploy)
            return 404, {"message": f"no route {method} {path}"}

        def do_GET(self) -> None:
            self._dispatch("GET")

        def do_POST(self) -> None:
            self._dispatch("POST")

        def do_PUT(self) -> None:
            self._dispatch("PUT")

        def do_PATCH(self) -> None:
            self._dispatch("PATCH")

        def do_DELETE(self) -> None:
            self._dispatch("DELETE")

    return Handler


def _public(deploy: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in deploy.items() if k not in ("files", "polls")}


class FakeNetlifyServer:
    """Context manager: serves a FakeNetlify on 127.0.0.1:<free port>/api/v1."""

    def __init__(self) -> None:
        self.state = FakeNetlify()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(self.state, threading.Lock()))
        self.state.url = f"http://127.0.0.1:{self._server.server_address[1]}/api/v1"
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    def __enter__(self) -> FakeNetlify:
        self._thread.start()
        return self.state

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
