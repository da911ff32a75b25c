"""CORS of the data bucket: browsers read open data from anywhere, write only from our web UI (and extras)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def data_bucket_cors(
    *, public: bool, write_origins: Sequence[str], max_age_seconds: int = 3000
) -> dict[str, Any]:
    """CORSConfiguration for put_bucket_cors.

    Open data: GET/HEAD from any origin (browser viewers such as neurosift read it directly).
    Uploads (PUT/POST) and deletes only from the web UI origin and configured extra origins.
    ETag is exposed: multipart uploads need it.
    """
    origins = sorted(set(write_origins))
    if not origins:
        raise ValueError("write_origins must name at least the web UI origin")
    rules: list[dict[str, Any]] = []
    if public:
        rules.append(
            {
                "ID": "PublicRead",
                "AllowedMethods": ["GET", "HEAD"],
                "AllowedOrigins": ["*"],
                "AllowedHeaders": ["*"],
                "ExposeHeaders": ["ETag"],
                "MaxAgeSeconds": max_age_seconds,
            }
        )
    rules.append(
        {
            "ID": "WebUiWrite",
            "AllowedMethods": ["DELETE", "GET", "HEAD", "POST", "PUT"],
            "AllowedOrigins": origins,
            "AllowedHeaders": ["*"],
            "ExposeHeaders": ["ETag"],
            "MaxAgeSeconds": max_age_seconds,
        }
    )
    return {"CORSRules": rules}
