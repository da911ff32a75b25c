"""The local environment's web UI: the static server's rules (SPA fallback, 404 for missing assets,
config.json from the state dir), its health probe, the app's environment, and `up` without a built UI."""

from __future__ import annotations

import json
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from stacks.local import appenv, health, webui
from stacks.local.errors import LocalEnvError, PortInUse
from stacks.local.ports import LocalPorts, ensure_free, free_port
from stacks.local.state import StateDir
from stacks.local.ui_server import UIServer, is_asset_request

INDEX = b"<!doctype html><title>index</title>"
SCRIPT = b"console.log('app')"


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    root = tmp_path / "dist"
    (root / "assets").mkdir(parents=True)
    (root / "index.html").write_bytes(INDEX)
    (root / "assets" / "index-abc123.js").write_bytes(SCRIPT)
    (root / "favicon.svg").write_text("<svg/>")
    (tmp_path / "secret.txt").write_text("outside the build")
    return root


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "state" / "ui-config.json"
    path.parent.mkdir()
    path.write_text(json.dumps({"apiUrl": "http://127.0.0.1:8123/api"}))
    return path


@pytest.fixture
def server(dist: Path, config: Path) -> Iterator[UIServer]:
    with UIServer(("127.0.0.1", 0), dist, config) as httpd:
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        yield httpd
        httpd.shutdown()
        thread.join(5)


def get(url: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, method=method)  # noqa: S310 - loopback URL the test built
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def test_files_are_served_with_their_types_and_cache_rules(server: UIServer) -> None:
    status, headers, body = get(server.url + "/")
    assert (status, body) == (200, INDEX)
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Cache-Control"] == "no-cache"  # a rebuilt UI shows on the next load
    status, headers, body = get(server.url + "/assets/index-abc123.js")
    assert (status, body) == (200, SCRIPT)
    assert headers["Content-Type"].startswith("text/javascript")  # module scripts refuse other types
    assert "immutable" in headers["Cache-Control"]
    assert get(server.url + "/favicon.svg")[1]["Content-Type"] == "image/svg+xml"


@pytest.mark.parametrize(
    "path",
    ["/dandisets", "/dandisets?search=mouse&page=2", "/dandiset/000001", "/dandiset/000001/0.230101.1234"],
)
def test_routes_of_the_spa_get_index_html(server: UIServer, path: str) -> None:
    status, headers, body = get(server.url + path)
    assert (status, body) == (200, INDEX)
    assert headers["Content-Type"] == "text/html; charset=utf-8"


@pytest.mark.parametrize("path", ["/assets/index-old999.js", "/assets/gone", "/missing.png", "/x/robots.txt"])
def test_missing_assets_are_404_not_index_html(server: UIServer, path: str) -> None:
    status, _, body = get(server.url + path)
    assert status == 404
    assert body != INDEX


def test_nothing_outside_the_build_is_served(server: UIServer) -> None:
    for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/assets/%2e%2e/%2e%2e/secret.txt"):
        status, _, body = get(server.url + path)
        assert status == 404, path
        assert b"outside the build" not in body


def test_config_json_comes_from_the_state_dir_uncached_and_fresh(
    server: UIServer, dist: Path, config: Path
) -> None:
    (dist / "config.json").write_text('{"apiUrl": "https://from-the-build.example/api"}')  # never wins
    status, headers, body = get(server.url + "/config.json")
    assert status == 200
    assert json.loads(body) == {"apiUrl": "http://127.0.0.1:8123/api"}
    assert headers["Content-Type"] == "application/json"
    assert headers["Cache-Control"] == "no-store"
    config.write_text(json.dumps({"apiUrl": "http://127.0.0.1:9999/api"}))
    assert json.loads(get(server.url + "/config.json")[2]) == {"apiUrl": "http://127.0.0.1:9999/api"}
    config.unlink()
    assert get(server.url + "/config.json")[0] == 404


def test_head_answers_headers_without_a_body(server: UIServer) -> None:
    status, headers, body = get(server.url + "/dandisets", method="HEAD")
    assert status == 200
    assert headers["Content-Length"] == str(len(INDEX))
    assert body == b""


def test_asset_requests_are_told_from_routes() -> None:
    assert is_asset_request("/assets/anything")
    assert is_asset_request("/logo.png")
    assert not is_asset_request("/dandiset/000001/0.230101.1234")  # a version id is not an extension
    assert not is_asset_request("/dandisets")


def test_ui_check_needs_the_page_and_a_config_naming_the_api(server: UIServer, config: Path) -> None:
    port = server.server_address[1]
    check = health.check_ui(port)
    assert check.ok, check.detail
    assert "http://127.0.0.1:8123/api" in check.detail
    config.unlink()
    check = health.check_ui(port)
    assert not check.ok
    assert "HTTP 404" in check.detail
    assert not health.check_ui(free_port()).ok


def test_app_env_names_the_ui_and_allows_its_origins(tmp_path: Path) -> None:
    def env(serve_ui: bool) -> dict[str, str]:
        return appenv.app_env(
            state=StateDir(tmp_path),
            ports=LocalPorts(web=8001, s3=9001, postgres=5999, ui=8086),
            database_url="postgres://postgres@127.0.0.1:5999/dandi",
            broker_url=f"redis+socket://{tmp_path}/broker.sock",
            bucket="b",
            region="us-east-2",
            instance_name="X",
            serve_ui=serve_ui,
        )

    served = env(True)
    assert served["DJANGO_DANDI_WEB_APP_URL"] == "http://127.0.0.1:8086"
    origins = served["DJANGO_CORS_ALLOWED_ORIGINS"].split(",")
    assert origins == [
        "http://127.0.0.1:8001",
        "http://localhost:8001",
        "http://127.0.0.1:8086",
        "http://localhost:8086",
    ]
    unserved = env(False)
    assert "8086" not in unserved["DJANGO_CORS_ALLOWED_ORIGINS"]
    assert unserved["DJANGO_DANDI_WEB_APP_URL"] == "http://127.0.0.1:8001"


def test_a_taken_ui_port_names_its_flag() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        taken = sock.getsockname()[1]
        with pytest.raises(PortInUse) as err:
            ensure_free(LocalPorts(web=free_port(), s3=free_port(), ui=taken), roles=("web", "s3", "ui"))
    assert str(err.value) == (
        f"port {taken} (ui) is already in use on 127.0.0.1; pick another with --ui-port PORT"
    )


# `up` up to the point where supervisord would start: what it decided about the UI, without starting anything.
runner = CliRunner()


class _Stop(LocalEnvError):
    pass


def _up_until_supervisord(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dist: Path, ui_port: int
) -> tuple[object, dict[str, str]]:
    seen: dict[str, str] = {}

    def start_daemon(state: StateDir, env: dict[str, str], timeout: float = 10) -> None:
        seen.update(env)
        raise _Stop("stopped by the test before supervisord")

    monkeypatch.setattr("stacks.local.webui.dist_dir", lambda: dist)
    monkeypatch.setattr("stacks.local.supervisor.start_daemon", start_daemon)
    web, s3 = free_port(), free_port()
    args = ["up", "--state-dir", str(tmp_path / "s"), "--port", str(web), "--s3-port", str(s3)]
    args += ["--ui-port", str(ui_port), "--database-url", "postgres://postgres@127.0.0.1:1/unused"]
    return runner.invoke(app, args), seen


def test_up_without_a_built_ui_says_how_to_build_it_and_carries_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "web" / "dist"
    with socket.socket() as blocker:  # the UI's port is not needed, so a taken one is no error
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        result, env = _up_until_supervisord(tmp_path, monkeypatch, missing, blocker.getsockname()[1])
    lines = result.stderr.splitlines()
    notes = [line for line in lines if "web UI" in line]
    assert len(notes) == 1
    assert notes[0].endswith(
        f"web UI: not built ({missing}/index.html is missing), so not served; build it with `./dev up` "
        "(or `cd web && npm ci && npm run build`), then `dandi-stack down` and `up` again"
    )
    assert lines[-1] == "error: stopped by the test before supervisord"  # it went on to start the rest
    conf = (tmp_path / "s" / "supervisord.conf").read_text()
    assert "[program:web]" in conf
    assert "[program:ui]" not in conf
    assert not (tmp_path / "s" / "ui-config.json").exists()
    assert env["DJANGO_DANDI_WEB_APP_URL"] == env["DJANGO_DANDI_API_URL"]


def test_up_with_a_built_ui_supervises_it_with_its_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dist: Path
) -> None:
    ui_port = free_port()
    result, env = _up_until_supervisord(tmp_path, monkeypatch, dist, ui_port)
    assert "web UI: not built" not in result.stderr
    assert result.stderr.splitlines()[-1] == "error: stopped by the test before supervisord"
    conf = (tmp_path / "s" / "supervisord.conf").read_text()
    program = conf.split("[program:ui]\n")[1].split("\n\n")[0]
    assert f"-m stacks.local.ui_server --root {dist} " in program
    assert f"--port {ui_port}" in program
    config = json.loads((tmp_path / "s" / "ui-config.json").read_text())
    assert config == {"apiUrl": f"{env['DJANGO_DANDI_API_URL']}/api"}
    assert env["DJANGO_DANDI_WEB_APP_URL"] == webui.url(ui_port)
    assert set(webui.origins(ui_port)) <= set(env["DJANGO_CORS_ALLOWED_ORIGINS"].split(","))
    assert not (dist / "config.json").exists()  # the shared build is never written to


def test_up_with_a_built_ui_refuses_a_taken_ui_port(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dist: Path
) -> None:
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        taken = blocker.getsockname()[1]
        result, _ = _up_until_supervisord(tmp_path, monkeypatch, dist, taken)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"error: port {taken} (ui) is already in use on 127.0.0.1; pick another with --ui-port PORT"
    ]


def test_summary_names_the_ui_or_how_to_get_it(capsys: pytest.CaptureFixture[str]) -> None:
    from cli.commands.local import render_running
    from cli.terminal import Terminal
    from stacks.local.runtime import Running

    running = Running(Path("/s"), "http://127.0.0.1:1", "http://127.0.0.1:1/api", "", "", "t", "admin")
    render_running(Terminal(interactive=False), running)
    assert "  Web UI         not served: web/dist was not built at `up` (./dev up, or cd web && npm ci" in (
        capsys.readouterr().out
    )
    running.ui_url = "http://127.0.0.1:8085"
    render_running(Terminal(interactive=False), running)
    assert "  Web UI         http://127.0.0.1:8085\n" in capsys.readouterr().out
