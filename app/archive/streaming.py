"""Hashing a stream while it is still arriving; free of Django, so benchmarks can drive it directly."""

from __future__ import annotations

import hashlib
import queue
import threading
from typing import Any


def sha256_of_stream(body: Any, *, buffer_size: int = 8 * 1024 * 1024, buffers: int = 3) -> str:
    """Hash a stream while the next buffer is being read: socket reads and hashlib both release the GIL, so
    reading and hashing overlap and the rate approaches the slower of the two instead of their harmonic
    sum."""
    free: queue.Queue[bytearray | None] = queue.Queue()
    filled: queue.Queue[tuple[bytearray, int] | None] = queue.Queue()
    for _ in range(buffers):
        free.put(bytearray(buffer_size))
    errors: list[BaseException] = []

    def read() -> None:
        try:
            while (buf := free.get()) is not None:
                view, size = memoryview(buf), 0
                while size < buffer_size and (got := body.readinto(view[size:])):
                    size += got
                filled.put((buf, size))
                if size < buffer_size:
                    return
        except BaseException as exc:
            errors.append(exc)
        finally:
            filled.put(None)

    reader = threading.Thread(target=read, name="sha256-reader", daemon=True)
    reader.start()
    digest = hashlib.sha256()
    try:
        while (item := filled.get()) is not None:
            buf, size = item
            digest.update(memoryview(buf)[:size])
            free.put(buf)
    finally:
        free.put(None)  # stops the reader if we leave early (e.g. a soft time limit)
        body.close()
        reader.join(timeout=10)
    if errors:
        raise errors[0]
    return digest.hexdigest()
