"""A small static server for the built UI (web/dist), as a deployment serves it: real files first,
index.html for every other path (the SPA fallback), /config.json from memory so each test names its own API,
and optionally the API proxied on the same origin (what the UI falls back to without config.json)."""

from __future__ import annotations

import json
import mimetypes
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

PROXIED_PREFIXES = ("/api/", "/server-info")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class UIServer:
    def __init__(self, root: Path, *, config: dict | str | None = None, proxy_to: str | None = None) -> None:
        self.root = root.resolve()
        self.config = config
        self.proxy_to = proxy_to
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> UIServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def _send(
                self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None
            ) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                path = urlsplit(self.path).path
                if server.proxy_to and path.startswith(PROXIED_PREFIXES):
                    return self._proxy()
                if path == "/config.json":
                    if server.config is None:
                        return self._send(404, b"not found\n", "text/plain")
                    text = server.config if isinstance(server.config, str) else json.dumps(server.config)
                    return self._send(200, text.encode(), "application/json", {"Cache-Control": "no-cache"})
                file = (server.root / path.lstrip("/")).resolve()
                if file.is_file() and file.is_relative_to(server.root):
                    kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
                    return self._send(200, file.read_bytes(), kind)
                if path.startswith("/assets/"):
                    return self._send(404, b"not found\n", "text/plain")
                return self._send(200, (server.root / "index.html").read_bytes(), "text/html; charset=utf-8")

            def _proxy(self) -> None:
                headers = {k: v for k, v in self.headers.items() if k.lower() in {"accept", "authorization"}}
                request = urllib.request.Request(server.proxy_to + self.path, headers=headers)  # noqa: S310
                opener = urllib.request.build_opener(_NoRedirect)
                try:
                    with opener.open(request, timeout=30) as response:
                        status, body, reply = response.status, response.read(), response.headers
                except urllib.error.HTTPError as err:
                    status, body, reply = err.code, err.read(), err.headers
                extra = {"Location": reply["Location"]} if reply.get("Location") else {}
                self._send(status, body, reply.get("Content-Type", "application/octet-stream"), extra)

        return Handler
