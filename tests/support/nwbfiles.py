"""Small files the dandi client accepts: a valid NWB file made with pynwb, video bytes, a Zarr group."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path


def make_nwb(path: Path, *, identifier: str = "e2e-session") -> Path:
    from pynwb import NWBHDF5IO, NWBFile
    from pynwb.file import Subject

    nwb = NWBFile(
        session_description="dandi-stack end-to-end test session",
        identifier=identifier,
        session_start_time=datetime(2024, 1, 1, tzinfo=UTC),
        experimenter=["Lovelace, Ada"],
        lab="Test lab",
        institution="Test institution",
        experiment_description="end-to-end upload test",
    )
    nwb.subject = Subject(
        subject_id="mouse1", species="Mus musculus", sex="F", age="P90D", description="a mouse"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with NWBHDF5IO(str(path), "w") as io:
        io.write(nwb)
    return path


def make_video(path: Path, *, size: int = 300_000) -> Path:
    """An .mp4 by name (the client uploads video files without inspecting their content)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x00\x00\x00\x18ftypmp42" + os.urandom(size - 12))
    return path


def make_zarr(path: Path) -> Path:
    """A small Zarr group with two chunked arrays (nested chunk files), as the zarr package writes it."""
    import numpy as np
    import zarr

    group = zarr.open_group(str(path), mode="w", zarr_format=2)
    group.create_array("raw", shape=(40, 30), chunks=(16, 16), dtype="uint16")[:] = np.arange(1200).reshape(
        40, 30
    )
    group.create_array("labels", shape=(10,), chunks=(4,), dtype="uint8")[:] = np.arange(10)
    return path
