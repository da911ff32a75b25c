"""Stable pseudo-identifiers derived from names."""

from __future__ import annotations

import hashlib


def digest(text: str, length: int = 12) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:length].upper()
