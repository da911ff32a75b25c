"""The app's source as Heroku receives it: a deterministic gzipped tarball of the files git tracks.

Heroku's Build takes a tarball; the provider keeps the path and a checksum of it in state and rebuilds (and
re-releases) when either changes. So the archive holds only tracked files (no __pycache__, .pyc or untracked
scratch), in sorted order, with fixed owner, times and modes (only the executable bit is kept) and a gzip
header without name or time: the same sources give the same bytes, and so the same checksum, from any
checkout path, with or without caches. It is written under the project's .state/builds/, named by its
digest, and handed over as a path relative to the working directory, which the Pulumi program and its
providers share, so no checkout's absolute path reaches the state.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import subprocess
import tarfile
from pathlib import Path

FIXED_MTIME = 946684800  # 2000-01-01T00:00:00Z: some tools mistrust a zero time
SKIPPED_PARTS = {"__pycache__", ".git", ".venv", "node_modules", ".pytest_cache", ".ruff_cache"}


def tracked_files(source: Path) -> list[str]:
    """Paths under `source` (relative, '/'-separated, sorted) that git tracks; without git, every file that
    is no cache or compiled artefact."""
    try:
        result = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--", "."],  # noqa: S607 - git from PATH, as users run it
            cwd=source,
            capture_output=True,
            check=True,
        )
        names = [n for n in result.stdout.decode().split("\0") if n]
        return sorted(n for n in names if (source / n).is_file())
    except (OSError, subprocess.CalledProcessError):
        return sorted(
            p.relative_to(source).as_posix()
            for p in source.rglob("*")
            if p.is_file()
            and not SKIPPED_PARTS.intersection(p.relative_to(source).parts)
            and p.suffix not in {".pyc", ".pyo"}
        )


def archive_bytes(source: Path) -> bytes:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.GNU_FORMAT) as tar:
        for name in tracked_files(source):
            path = source / name
            data = path.read_bytes()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = FIXED_MTIME
            info.mode = 0o755 if os.access(path, os.X_OK) else 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            tar.addfile(info, io.BytesIO(data))
    packed = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=packed, mtime=0, compresslevel=9) as gz:
        gz.write(raw.getvalue())
    return packed.getvalue()


def sha256_checksum(data: bytes) -> str:
    """In Heroku's notation (SHA256:<hex>), as a Build's source checksum is written."""
    return "SHA256:" + hashlib.sha256(data).hexdigest()


def write_archive(source: Path, project_dir: Path) -> tuple[str, str]:
    """Write the archive of `source`; return (its path relative to the working directory, its checksum)."""
    data = archive_bytes(source)
    checksum = sha256_checksum(data)
    digest = checksum.removeprefix("SHA256:")[:16]
    target = project_dir / ".state" / "builds" / f"{source.name}-{digest}.tar.gz"
    if not target.is_file() or target.read_bytes() != data:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".part")
        tmp.write_bytes(data)
        tmp.replace(target)
    return os.path.relpath(target, Path.cwd()), checksum
