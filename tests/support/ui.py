"""The built UI (web/dist) served for browser tests by the local environment's own UI server
(stacks/local/ui_server.py), in a thread on a free port: /config.json is set per test (None: absent), and
optionally the API is proxied on the same origin (what the UI falls back to without config.json)."""

from __future__ import annotations

import json
import tempfile
import threading
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from stacks.local.ui_server import UIHandler, UIServer

PROXIED_PREFIXES = ("/api/", "/server-info")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class ServedUI:
    def __init__(self, root: Path, *, config: dict | str | None = None, proxy_to: str | None = None) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="dandi-ui-test-")
        self._config_path = Path(self._dir.name) / "config.json"
        self.config = config
        handler = _proxying(proxy_to) if proxy_to else UIHandler
        self._httpd = UIServer(("127.0.0.1", 0), root, self._config_path, handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return self._httpd.url

    @property
    def config(self) -> dict | str | None:
        return self._config

    @config.setter
    def config(self, value: dict | str | None) -> None:
        """What /config.json answers: a dict (as JSON), raw text, or None for no file (404)."""
        self._config = value
        if value is None:
            self._config_path.unlink(missing_ok=True)
        else:
            self._config_path.write_text(value if isinstance(value, str) else json.dumps(value))

    def __enter__(self) -> ServedUI:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._dir.cleanup()


def _proxying(api: str) -> type[UIHandler]:
    class ProxyingHandler(UIHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            if urlsplit(self.path).path.startswith(PROXIED_PREFIXES):
                return self._proxy()
            return super().do_GET()

        def _proxy(self) -> None:
            headers = {k: v for k, v in self.headers.items() if k.lower() in {"accept", "authorization"}}
            request = urllib.request.Request(api + self.path, headers=headers)  # noqa: S310
            opener = urllib.request.build_opener(_NoRedirect)
            try:
                with opener.open(request, timeout=30) as response:
                    status, body, reply = response.status, response.read(), response.headers
            except urllib.error.HTTPError as err:
                status, body, reply = err.code, err.read(), err.headers
            self.send_response(status)
            self.send_header("Content-Type", reply.get("Content-Type", "application/octet-stream"))
            self.send_header("Content-Length", str(len(body)))
            if reply.get("Location"):
                self.send_header("Location", reply["Location"])
            self.end_headers()
            self.wfile.write(body)

    return ProxyingHandler
