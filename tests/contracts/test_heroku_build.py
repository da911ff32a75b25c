"""The Heroku build, done on app/ as Heroku's Python buildpack (heroku/heroku-buildpack-python) does it.

The buildpack's steps, from its sources (bin/compile, lib/python_version.sh, bin/steps/collectstatic):
Heroku unpacks the Build's source tarball into the build directory; the Python version comes from
runtime.txt if present, else from .python-version (exactly one non-comment line, N.N or N.N.N, a supported
3.x); requirements.txt is pip-installed; when Django is installed and a manage.py lies within three levels,
`python manage.py collectstatic --noinput --traceback` runs with the app's config vars in the environment and
PYTHONPATH=. and a failure fails the build. After the build the release phase runs the Procfile's `release`
command against the add-on's database before any process type (whose names the Platform API's schema, npm
@heroku-cli/schema, restricts to ^[-\\w]{1,128}$) is scaled. The tarball used is the one the stack builds.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

from components.heroku.api import PROCESS_TYPES
from stacks.config.model import load_environment
from stacks.documents import heroku_app_env
from stacks.program.app_archive import archive_bytes
from tests.contracts.npm_packages import heroku_schema_pattern
from tests.support.services import APP_DIR, REPO, temporary_database

pytestmark = pytest.mark.integration

VERSION_LINE = re.compile(r"^\s*((0|[1-9]\d*)\.(0|[1-9]\d*)(\.(0|[1-9]\d*))?)\s*$")
SUPPORTED_MINORS = range(9, 14)  # 3.9-3.13: the buildpack's supported, non-EOL majors


def requested_python(build_dir: Path) -> str:
    assert not (build_dir / "runtime.txt").exists(), "runtime.txt would override .python-version"
    lines = [
        line
        for line in (build_dir / ".python-version").read_text().splitlines()
        if not re.fullmatch(r"\s*(#.*)?", line)
    ]
    assert len(lines) == 1, f".python-version must hold exactly one version, found {lines}"
    match = VERSION_LINE.fullmatch(lines[0])
    assert match, f"{lines[0]!r} is not N.N or N.N.N"
    assert int(match.group(2)) == 3
    assert int(match.group(3)) in SUPPORTED_MINORS
    return f"{match.group(2)}.{match.group(3)}"


def config_vars(database_url: str) -> dict[str, str]:
    """What the stack sets on the prod app, plus what the add-ons inject; secrets are placeholders."""
    env = heroku_app_env(
        load_environment("prod", REPO),
        bucket_name="exarch-prod-dandisets",
        access_key_id="AKIAEXAMPLEEXAMPLE00",
        secret_access_key="placeholder-secret-access-key",
        django_secret_key="placeholder-django-secret-key-" + "k" * 40,
    )
    return {
        **env.plain,
        **env.sensitive,
        "DATABASE_URL": database_url,
        "CLOUDAMQP_URL": "amqps://user:password@example.cloudamqp.com/vhost",
    }


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    """The unpacked tarball with requirements installed into a fresh virtualenv (pip's cache keeps it quick)."""
    root = tmp_path_factory.mktemp("heroku-build")
    build_dir = root / "build"
    with tarfile.open(fileobj=io.BytesIO(archive_bytes(APP_DIR))) as tar:
        tar.extractall(build_dir, filter="data")
    version = requested_python(build_dir)
    python = shutil.which(f"python{version}")
    if python is None:
        pytest.skip(f"Python {version}, which app/.python-version asks Heroku for, is not on PATH here")
    env_dir = root / "venv"
    subprocess.run([python, "-m", "venv", str(env_dir)], check=True)
    bin_dir = env_dir / "bin"
    result = subprocess.run(
        [
            str(bin_dir / "python"),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
            "requirements.txt",
        ],
        cwd=build_dir,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return build_dir, bin_dir


def run(build, argv, env):
    build_dir, bin_dir = build
    base = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": os.environ.get("HOME", "/tmp"), "PYTHONPATH": "."}
    return subprocess.run(
        argv, cwd=build_dir, env={**base, **env}, capture_output=True, text=True, timeout=300, check=False
    )


def test_python_version_file_is_one_the_buildpack_accepts():
    assert requested_python(APP_DIR) in {f"3.{minor}" for minor in SUPPORTED_MINORS}


def test_collectstatic_succeeds_with_the_stacks_config_vars(build):
    env = config_vars("postgres://user:password@db.invalid:5432/unused")  # collectstatic needs no database
    assert "DISABLE_COLLECTSTATIC" not in env
    result = run(build, ["python", "manage.py", "collectstatic", "--noinput", "--traceback"], env)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    static_root = build[0] / "staticfiles"
    assert (static_root / "staticfiles.json").is_file()
    assert any(static_root.rglob("*.css.gz")), "whitenoise compresses what it will serve"


def test_procfile_declares_the_process_types_the_stack_scales(build):
    pattern = heroku_schema_pattern("ProcessTypes")
    procfile = (build[0] / "Procfile").read_text().splitlines()
    types = dict(line.split(":", 1) for line in procfile if line.strip() and not line.startswith("#"))
    assert set(types) == {"release", *PROCESS_TYPES}
    for name, command in types.items():
        assert re.fullmatch(pattern, name), name
        executable = command.split()[0]
        assert (build[1] / executable).exists(), f"{name}: {executable} is not installed by requirements.txt"


def test_release_phase_migrates_a_real_postgres_and_web_loads(build):
    procfile = (build[0] / "Procfile").read_text()
    release = next(
        line.split(":", 1)[1].split() for line in procfile.splitlines() if line.startswith("release:")
    )
    with temporary_database("heroku_release") as database_url:
        env = config_vars(database_url)
        first = run(build, release, env)
        assert first.returncode == 0, first.stderr[-3000:]
        assert "Applying archive.0001" in first.stdout
        again = run(build, release, env)
        assert again.returncode == 0, again.stderr[-3000:]
        assert "No migrations to apply." in again.stdout
        check = run(build, ["gunicorn", "--check-config", "dandiapp.wsgi"], env)
        assert check.returncode == 0, check.stderr[-3000:]
