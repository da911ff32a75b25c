"""Lifecycle rules: trailing delete on blobs/ and zarr/, newest manifest kept, stale uploads aborted."""

from __future__ import annotations

from typing import Any


def _abort_multipart(days: int) -> dict[str, Any]:
    return {
        "ID": "AbortIncompleteMultipartUploads",
        "Status": "Enabled",
        "Filter": {"Prefix": ""},
        "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": days},
    }


def data_bucket_lifecycle(
    *,
    blob_noncurrent_days: int,
    zarr_noncurrent_days: int,
    manifest_noncurrent_days: int,
    abort_multipart_days: int,
) -> dict[str, Any]:
    """LifecycleConfiguration for put_bucket_lifecycle_configuration.

    A deleted blob stays recoverable for N days as a noncurrent version (the undelete window,
    dandi-archive#1674), then its version and the orphaned delete marker go.
    """
    return {
        "Rules": [
            {
                "ID": "BlobsTrailingDelete",
                "Status": "Enabled",
                "Filter": {"Prefix": "blobs/"},
                "NoncurrentVersionExpiration": {"NoncurrentDays": blob_noncurrent_days},
                "Expiration": {"ExpiredObjectDeleteMarker": True},
            },
            {
                "ID": "ZarrTrailingDelete",
                "Status": "Enabled",
                "Filter": {"Prefix": "zarr/"},
                "NoncurrentVersionExpiration": {"NoncurrentDays": zarr_noncurrent_days},
                "Expiration": {"ExpiredObjectDeleteMarker": True},
            },
            {
                "ID": "ManifestsKeepNewestNoncurrent",
                "Status": "Enabled",
                "Filter": {"Prefix": "dandisets/"},
                "NoncurrentVersionExpiration": {
                    "NoncurrentDays": manifest_noncurrent_days,
                    "NewerNoncurrentVersions": 1,
                },
            },
            _abort_multipart(abort_multipart_days),
        ]
    }


def expiring_bucket_lifecycle(*, retention_days: int | None, abort_multipart_days: int) -> dict[str, Any]:
    """Lifecycle of the log and inventory buckets: optional expiry, always abort stale multipart uploads."""
    rules = [_abort_multipart(abort_multipart_days)]
    if retention_days is not None:
        rules.insert(
            0,
            {
                "ID": "ExpireAfterRetention",
                "Status": "Enabled",
                "Filter": {"Prefix": ""},
                "Expiration": {"Days": retention_days},
            },
        )
    return {"Rules": rules}
