"""A local stand-in of GitHub's OAuth web flow and the two REST endpoints a sign-in reads, served the way a
GitHub Enterprise server lays them out (web at the base URL, REST under /api/v3), which is what allauth's
GitHub provider calls when given a base URL.

GitHub publishes no machine-readable contract for the OAuth web flow; this follows its documentation
("Authorizing OAuth apps": authorize redirect with code and state, the token exchange answering form-encoded
unless JSON is asked for, bad_verification_code for a code used twice) and the documented shapes of
`GET /user` and `GET /user/emails`. Every request it receives is recorded for the test to inspect.
"""

from __future__ import annotations

import contextlib
import json
import secrets
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlencode, urlsplit

if TYPE_CHECKING:
    from collections.abc import Iterator


@dataclass
class GitHubAccount:
    login: str
    id: int
    name: str
    email: str


@dataclass
class GitHubStandIn:
    client_id: str
    client_secret: str
    account: GitHubAccount
    url: str = ""
    requests: list[tuple[str, str]] = field(default_factory=list)
    codes: dict[str, str] = field(default_factory=dict)  # code -> redirect_uri
    tokens: set[str] = field(default_factory=set)


def _handler(stand_in: GitHubStandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _reply(self, status: int, body: Any, *, content_type: str = "application/json") -> None:
            data = (json.dumps(body) if content_type == "application/json" else body).encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            stand_in.requests.append(("GET", parts.path))
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            if parts.path == "/login/oauth/authorize":
                if query.get("client_id") != stand_in.client_id:
                    self._reply(404, {"message": "Not Found"})
                    return
                code = secrets.token_hex(10)
                stand_in.codes[code] = query["redirect_uri"]
                target = (
                    f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query.get('state', '')})}"
                )
                self.send_response(302)
                self.send_header("Location", target)
                self.end_headers()
                return
            token = self.headers.get("Authorization", "").removeprefix("token ").removeprefix("Bearer ")
            if token not in stand_in.tokens:
                self._reply(401, {"message": "Bad credentials"})
                return
            account = stand_in.account
            if parts.path == "/api/v3/user":
                self._reply(
                    200,
                    {
                        "login": account.login,
                        "id": account.id,
                        "node_id": f"MDQ6VXNlcj{account.id}",
                        "html_url": f"{stand_in.url}/{account.login}",
                        "type": "User",
                        "name": account.name,
                        "email": None,  # private address: clients read /user/emails
                        "created_at": "2015-01-01T00:00:00Z",
                    },
                )
            elif parts.path == "/api/v3/user/emails":
                self._reply(
                    200, [{"email": account.email, "primary": True, "verified": True, "visibility": None}]
                )
            else:
                self._reply(404, {"message": "Not Found"})

        def do_POST(self) -> None:
            parts = urlsplit(self.path)
            stand_in.requests.append(("POST", parts.path))
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if parts.path != "/login/oauth/access_token":
                self._reply(404, {"message": "Not Found"})
                return
            good_client = (form.get("client_id"), form.get("client_secret")) == (
                stand_in.client_id,
                stand_in.client_secret,
            )
            redirect = stand_in.codes.pop(form.get("code", ""), None)
            if not good_client:
                answer = {"error": "incorrect_client_credentials"}
            elif redirect is None or redirect != form.get("redirect_uri", redirect):
                answer = {"error": "bad_verification_code"}
            else:
                token = "gho_" + secrets.token_hex(18)
                stand_in.tokens.add(token)
                answer = {"access_token": token, "scope": "read:user,user:email", "token_type": "bearer"}
            if "application/json" in self.headers.get("Accept", ""):
                self._reply(200, answer)
            else:
                self._reply(200, urlencode(answer), content_type="application/x-www-form-urlencoded")

    return Handler


@contextlib.contextmanager
def github_stand_in(*, account: GitHubAccount) -> Iterator[GitHubStandIn]:
    stand_in = GitHubStandIn(
        client_id="Iv1." + secrets.token_hex(8), client_secret=secrets.token_hex(20), account=account
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(stand_in))
    stand_in.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield stand_in
    finally:
        server.shutdown()
        server.server_close()
