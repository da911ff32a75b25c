"""The bundled web UI in the local environment: where its build is, its config.json, its supervised program.

The UI is optional here: `dandi-stack up` without a build (web/dist, made by ./dev) still brings the API up,
since the dandi client needs only the API; it says once how to build the UI instead of failing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from stacks.local import supervisor
from stacks.local.ports import HOST
from stacks.local.state import StateDir, project_root

BUILD_COMMAND = "cd web && npm ci && npm run build"


def dist_dir() -> Path:
    return project_root() / "web" / "dist"


def is_built(dist: Path) -> bool:
    return (dist / "index.html").is_file()


def not_built_message(dist: Path) -> str:
    return (
        f"web UI: not built ({dist}/index.html is missing), so not served; build it with `./dev up` "
        f"(or `{BUILD_COMMAND}`), then `dandi-stack down` and `up` again"
    )


def url(port: int) -> str:
    return f"http://{HOST}:{port}"


def origins(port: int) -> list[str]:
    """Both names a browser may use for the UI; CORS compares origins literally."""
    return [url(port), f"http://localhost:{port}"]


def write_config(state: StateDir, api_url: str) -> None:
    """config.json for the UI: which API to read. Lives in the state dir, never in web/dist (shared build)."""
    tmp = state.ui_config.with_suffix(".tmp")
    tmp.write_text(json.dumps({"apiUrl": api_url}) + "\n")
    tmp.replace(state.ui_config)


def program(state: StateDir, port: int, dist: Path) -> supervisor.Program:
    argv = [sys.executable, "-m", "stacks.local.ui_server", "--root", str(dist)]
    argv += ["--config", str(state.ui_config), "--host", HOST, "--port", str(port)]
    return supervisor.Program("ui", argv, directory=str(project_root()), stopwaitsecs=5)
