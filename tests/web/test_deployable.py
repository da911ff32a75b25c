"""web/ as a deployable: what Netlify reads (netlify.toml), the per-environment files its build writes, and a
build that stays environment-neutral (no config.json baked in) with Vue as its only run-time dependency."""

from __future__ import annotations

import json
import shutil
import subprocess
import tomllib
from typing import TYPE_CHECKING

import pytest

from tests.support.services import REPO

if TYPE_CHECKING:
    from pathlib import Path

WEB = REPO / "web"


def run_runtime_files(dist: Path, api_url: str | None) -> subprocess.CompletedProcess:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (apt-get install nodejs); it runs web/scripts/runtime-files.mjs")
    env = {"PATH": "/usr/bin:/bin:/usr/local/bin"}
    if api_url is not None:
        env["DANDI_API_URL"] = api_url
    return subprocess.run([node, str(WEB / "scripts" / "runtime-files.mjs"), str(dist)], env=env,
                          capture_output=True, text=True, timeout=60, check=False)


def test_netlify_builds_dist_writes_runtime_files_and_falls_back_to_the_spa() -> None:
    config = tomllib.loads((WEB / "netlify.toml").read_text())
    assert config["build"]["publish"] == "dist"
    steps = config["build"]["command"].split(" && ")
    assert steps == ["npm ci", "npm run build", "node scripts/runtime-files.mjs dist"]
    assert {"from": "/*", "to": "/index.html", "status": 200} in config["redirects"]
    no_cache = [h for h in config["headers"] if h["for"] == "/config.json"]
    assert no_cache
    assert no_cache[0]["values"]["Cache-Control"] == "no-cache"


@pytest.mark.parametrize("api_url", ["https://api.example.org", "https://api.example.org/api/"])
def test_runtime_files_point_config_and_server_info_proxy_at_the_api(tmp_path: Path, api_url: str) -> None:
    result = run_runtime_files(tmp_path, api_url)
    assert result.returncode == 0, result.stderr
    assert json.loads((tmp_path / "config.json").read_text()) == {"apiUrl": "https://api.example.org/api"}
    assert (tmp_path / "_redirects").read_text().split() == [
        "/server-info", "https://api.example.org/server-info", "200!"]


@pytest.mark.parametrize(("api_url", "problem"), [(None, "DANDI_API_URL is not set"),
                                                  ("api.example.org", "is not a URL"),
                                                  ("ftp://api.example.org", "must be an http(s) URL")])
def test_runtime_files_refuse_a_missing_or_bad_api_url(
    tmp_path: Path, api_url: str | None, problem: str
) -> None:
    result = run_runtime_files(tmp_path, api_url)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert problem in lines[0]
    assert not (tmp_path / "config.json").exists()


def test_package_pins_major_versions_and_ships_only_vue() -> None:
    package = json.loads((WEB / "package.json").read_text())
    lock = json.loads((WEB / "package-lock.json").read_text())
    assert set(package["dependencies"]) == {"vue"}
    for spec in [*package["dependencies"].values(), *package["devDependencies"].values()]:
        assert spec.startswith("^"), spec
    assert lock["lockfileVersion"] >= 3
    assert lock["packages"][""]["dependencies"] == package["dependencies"]


def test_build_is_environment_neutral() -> None:
    dist = WEB / "dist"
    if not (dist / "index.html").is_file():
        pytest.fail(f"{dist} is not built: run `npm ci && npm run build` in web/ (./dev test does it)")
    assert not (dist / "config.json").exists()
    assert not (dist / "_redirects").exists()
    bundle = "".join(p.read_text() for p in (dist / "assets").glob("*.js"))
    assert "/config.json" in bundle
    assert "127.0.0.1" not in bundle
