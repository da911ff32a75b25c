"""The file set of a web UI deploy (a built directory plus generated files) and the digests that name it.

A deploy's identity in the Pulumi program is `source_digest`: the UI's sources plus the generated files. It
depends only on what git holds, so an offline plan of a pull request (which never builds the UI) declares the
same deploy as the engine will, a changed source or API URL makes a new deploy, and a rebuild makes none.
The built files themselves are read only when the deploy is created.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path

SKIPPED_NAMES = frozenset({".DS_Store", "__MACOSX", ".git", "node_modules"})


class DeployDirectoryError(ValueError):
    """The directory to deploy is missing or empty."""


def collect_files(directory: str | Path, extra: Mapping[str, str] | None = None) -> dict[str, bytes]:
    """Map '/relative/path' -> content for every file under `directory`, then overlay `extra` (text files).

    Dot-directories and tool litter are skipped (Netlify's CLI skips them too); `_redirects` and `_headers`,
    which Netlify reads from the deploy itself, are kept.
    """
    root = Path(directory)
    if not root.is_dir():
        raise DeployDirectoryError(
            f"web UI directory {root} does not exist: build the UI first (npm run build in web/) or set the "
            "deploy directory in the stack config"
        )
    files: dict[str, bytes] = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if any(
            part in SKIPPED_NAMES or (part.startswith(".") and part != ".well-known")
            for part in relative.parts
        ):
            continue
        if path.is_file():
            files["/" + relative.as_posix()] = path.read_bytes()
    for name, text in (extra or {}).items():
        files["/" + name.lstrip("/")] = text.encode()
    if not files:
        raise DeployDirectoryError(f"web UI directory {root} holds no files to deploy: build the UI first")
    return files


def source_digest(source_dir: str | Path, *, build_dir: str | Path, extra: Mapping[str, str]) -> str:
    """Digest of the UI's sources (build output and tool litter excluded) and the generated files."""
    root, build = Path(source_dir), Path(build_dir).resolve()
    if not root.is_dir():
        raise DeployDirectoryError(
            f"web UI sources {root} do not exist: set netlify.source_dir in the stack config"
        )
    files: dict[str, bytes] = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if any(part in SKIPPED_NAMES or part.startswith(".") for part in relative.parts):
            continue
        if path.is_file() and not path.resolve().is_relative_to(build):
            files["/" + relative.as_posix()] = path.read_bytes()
    for name, text in extra.items():
        files["generated:/" + name.lstrip("/")] = text.encode()
    return manifest_digest(files)


def manifest_digest(files: Mapping[str, bytes]) -> str:
    """One sha256 over the sorted (path, sha1) manifest."""
    manifest = {
        path: hashlib.sha1(content, usedforsecurity=False).hexdigest() for path, content in files.items()
    }
    return hashlib.sha256(json.dumps(manifest, sort_keys=True).encode()).hexdigest()
