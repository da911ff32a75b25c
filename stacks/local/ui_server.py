"""The local environment's web UI server: web/dist as a static site, the way Netlify serves it in the cloud.

supervisord runs `python -m stacks.local.ui_server --root web/dist --config <state>/ui-config.json --port N`.
Three rules make the one build work here (see web/README.md):
- a real file under the root is served as is;
- a path that names no file (a route of the SPA, e.g. /dandisets or /dandiset/000001/0.230101.1234) gets
  index.html, so deep links and reloads work; a path ending in a file extension, or under /assets/, that is
  missing gets 404, so a stale asset reference fails loudly instead of parsing HTML as JavaScript;
- /config.json comes from the state dir (written by `up`, naming the local API), never from web/dist, and is
  never cached, so a browser tab left open across `down`/`up` on other ports reads the new API.
Standard library only: it starts in a fraction of a second and needs nothing beyond the app's venv.
"""

from __future__ import annotations

import argparse
import mimetypes
import re
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

CONFIG_PATH = "/config.json"
# What the browser must not mistake: module scripts need a JavaScript type, whatever /etc/mime.types says.
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".woff2": "font/woff2",
}
# A last path segment ending like a file name (".js", ".png"); version ids such as 0.230101.1234 do not.
_FILE_LIKE = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,9}$")
# Vite names its build output by content hash under /assets/: safe to cache for good.
IMMUTABLE = "public, max-age=31536000, immutable"


def content_type(path: Path) -> str:
    return TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def is_asset_request(path: str) -> bool:
    """True when a missing file at `path` is a 404 rather than a route for the SPA."""
    return path.startswith("/assets/") or bool(_FILE_LIKE.search(path.rsplit("/", 1)[-1]))


class UIHandler(BaseHTTPRequestHandler):
    """GET and HEAD over the build directory; the server object carries `root` and `config`."""

    server: UIServer
    server_version = "dandi-stack-ui"

    def do_GET(self) -> None:
        self._answer(head=False)

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def _answer(self, *, head: bool) -> None:
        path = unquote(urlsplit(self.path).path) or "/"
        if path == CONFIG_PATH:
            return self._config(head)
        file = self.server.resolve(path)
        if file is not None:
            cache = IMMUTABLE if path.startswith("/assets/") else "no-cache"
            return self._send(HTTPStatus.OK, file.read_bytes(), content_type(file), cache, head)
        if is_asset_request(path):
            body = b"not found\n"
            return self._send(HTTPStatus.NOT_FOUND, body, "text/plain; charset=utf-8", "no-cache", head)
        index = self.server.root / "index.html"
        return self._send(HTTPStatus.OK, index.read_bytes(), TYPES[".html"], "no-cache", head)

    def _config(self, head: bool) -> None:
        try:
            body = self.server.config.read_bytes()
        except FileNotFoundError:
            body = b"no config.json: `dandi-stack up` writes it\n"
            self._send(HTTPStatus.NOT_FOUND, body, "text/plain; charset=utf-8", "no-store", head)
        else:
            self._send(HTTPStatus.OK, body, "application/json", "no-store", head)

    def _send(self, status: HTTPStatus, body: bytes, kind: str, cache: str, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", cache)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if not head:
            self.wfile.write(body)


class UIServer(ThreadingHTTPServer):
    """A threading HTTP server bound to one address, serving `root` with `config` as /config.json."""

    daemon_threads = True

    def __init__(
        self, address: tuple[str, int], root: Path, config: Path, handler: type[UIHandler] | None = None
    ) -> None:
        self.root = root.resolve()
        self.config = config
        super().__init__(address, handler or UIHandler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    def resolve(self, path: str) -> Path | None:
        """The file under root that `path` names, or None (missing, a directory, or outside root)."""
        if "\0" in path:
            return None
        if path.endswith("/"):
            path += "index.html"
        file = (self.root / path.lstrip("/")).resolve()
        if file.is_relative_to(self.root) and file.is_file():
            return file
        return None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve the built web UI for the local environment.")
    parser.add_argument("--root", type=Path, required=True, help="the build directory (web/dist)")
    parser.add_argument("--config", type=Path, required=True, help="file answered as /config.json")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    if not (args.root / "index.html").is_file():
        build = "cd web && npm ci && npm run build"
        parser.exit(2, f"ui_server: {args.root}/index.html is missing; build it: {build}\n")
    with UIServer((args.host, args.port), args.root, args.config) as server:
        print(f"serving {server.root} on {server.url}", flush=True)
        server.serve_forever()


if __name__ == "__main__":
    main()
