"""The Heroku Build's source: a deterministic tarball of the app's tracked files, the same from any checkout."""

from __future__ import annotations

import io
import shutil
import subprocess
import tarfile

import pytest

from stacks.config.model import load_environment
from stacks.plan.render import render
from stacks.program.app_archive import archive_bytes, sha256_checksum, tracked_files
from stacks.program.stack import build
from tests.stacks.program.test_cloud import BUILD, ROOT, only

APP = ROOT / "app"


def git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)  # noqa: S607 - git from PATH


def checkout_copy(target):
    """Another checkout of the app's tracked files (their working-tree content), with caches and scratch."""
    target.mkdir(parents=True)
    git(target, "init", "-q")
    for name in tracked_files(APP):
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(APP / name, target / name)
    git(target, "add", "-A")
    (target / "__pycache__").mkdir(exist_ok=True)
    (target / "__pycache__" / "settings.cpython-311.pyc").write_bytes(b"\x00compiled")
    (target / "scratch.txt").write_text("untracked\n")
    (target / "staticfiles").mkdir(exist_ok=True)
    (target / "staticfiles" / "collected.css").write_text("body {}\n")
    return target


def test_archive_of_the_app_is_identical_from_another_checkout_path_with_caches(tmp_path):
    other = checkout_copy(tmp_path / "elsewhere" / "app")
    assert sha256_checksum(archive_bytes(other)) == sha256_checksum(archive_bytes(APP))


def test_archive_holds_the_tracked_files_only_with_fixed_metadata(tmp_path):
    other = checkout_copy(tmp_path / "app")
    with tarfile.open(fileobj=io.BytesIO(archive_bytes(other))) as tar:
        members = tar.getmembers()
    names = [m.name for m in members]
    assert names == sorted(names)
    assert {"Procfile", "manage.py", "requirements.txt"} <= set(names)
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc") or n == "scratch.txt"]
    assert {(m.uid, m.gid, m.uname, m.gname, m.mtime) for m in members} == {(0, 0, "", "", 946684800)}


@pytest.fixture
def two_projects(tmp_path):
    projects = []
    for where in ("first/checkout", "second/deeper/checkout"):
        project = tmp_path / where
        checkout_copy(project / "app")
        (project / "web" / "dist").mkdir(parents=True)
        (project / "web" / "dist" / "index.html").write_text("<html></html>")
        (project / "stacks").mkdir()
        projects.append(project)
    return projects


def test_build_source_in_state_is_the_same_from_two_checkout_paths(two_projects, monkeypatch):
    """Pulumi runs the program (and its providers) in the project's stacks/ directory."""
    config = load_environment("staging", ROOT)
    sources = []
    for project in two_projects:
        monkeypatch.chdir(project / "stacks")
        rendering = render(config, program=lambda c, p=project: build(c, project_dir=p))
        sources.append(only(rendering, BUILD).inputs["source"])
    assert sources[0] == sources[1]
    assert not sources[0]["path"].startswith("/")
    assert (two_projects[0] / "stacks" / sources[0]["path"]).is_file()
