"""Translate API-shaped documents (AWS JSON casing) into pulumi_aws argument dicts (snake_case keys)."""

from __future__ import annotations

import re
from typing import Any

_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def snake(name: str) -> str:
    """`ExpiredObjectDeleteMarker` -> `expired_object_delete_marker`, `SSEAlgorithm` -> `sse_algorithm`."""
    return _BOUNDARY.sub("_", name).lower()


def snake_keys(value: Any) -> Any:
    """Recursively rename dict keys; values (prefixes, ARNs, methods) are left alone."""
    if isinstance(value, dict):
        return {snake(k): snake_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [snake_keys(v) for v in value]
    return value


def inventory_args(doc: dict[str, Any]) -> dict[str, Any]:
    """An InventoryConfiguration as s3.Inventory keyword arguments (the shapes differ beyond casing)."""
    destination = doc["Destination"]["S3BucketDestination"]
    bucket: dict[str, Any] = {
        "bucket_arn": destination["Bucket"],
        "format": destination["Format"],
        "prefix": destination.get("Prefix"),
    }
    if "AccountId" in destination:
        bucket["account_id"] = destination["AccountId"]
    return {
        "name": doc["Id"],
        "enabled": doc["IsEnabled"],
        "included_object_versions": doc["IncludedObjectVersions"],
        "optional_fields": list(doc.get("OptionalFields", [])),
        "schedule": {"frequency": doc["Schedule"]["Frequency"]},
        "filter": {"prefix": doc["Filter"]["Prefix"]},
        "destination": {"bucket": bucket},
    }
