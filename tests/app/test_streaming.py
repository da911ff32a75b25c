"""archive.streaming.sha256_of_stream: the worker's overlapped read + hash gives hashlib's digest for any size
and passes a failing read on instead of a wrong digest."""

from __future__ import annotations

import hashlib
import io
import os
import sys

import pytest

from tests.support import services

sys.path.insert(0, str(services.APP_DIR))

from archive.streaming import sha256_of_stream


class TrickleBody(io.RawIOBase):
    """A body that returns at most `step` bytes per read, as a socket does, and can fail part-way."""

    def __init__(self, data: bytes, step: int, fail_at: int | None = None) -> None:
        self.data, self.step, self.fail_at, self.pos, self.closed_by_caller = data, step, fail_at, 0, False

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self.fail_at is not None and self.pos >= self.fail_at:
            raise ConnectionResetError("connection reset by peer")
        n = min(len(buffer), self.step, len(self.data) - self.pos)
        buffer[:n] = self.data[self.pos : self.pos + n]
        self.pos += n
        return n

    def close(self) -> None:
        self.closed_by_caller = True
        super().close()


@pytest.mark.parametrize("size", [0, 1, 4095, 4096, 4097, 3 * 4096, 10 * 4096 + 7])
def test_digest_matches_hashlib_for_sizes_around_the_buffer(size: int) -> None:
    data = os.urandom(size)
    body = TrickleBody(data, step=1000)
    assert sha256_of_stream(body, buffer_size=4096, buffers=2) == hashlib.sha256(data).hexdigest()
    assert body.closed_by_caller


def test_a_read_failure_is_raised_not_hashed_over() -> None:
    body = TrickleBody(os.urandom(50_000), step=3000, fail_at=20_000)
    with pytest.raises(ConnectionResetError):
        sha256_of_stream(body, buffer_size=4096, buffers=3)
    assert body.closed_by_caller
