"""The local buckets: names and documents from the same config and builders the cloud components use."""

from __future__ import annotations

from stacks.local.s3 import BucketSpec

DATA_BUCKET = "dandi-stack-local-data"


def bucket_specs(cors_origins: list[str]) -> tuple[str, list[BucketSpec]]:
    """(data bucket name, specs in creation order); replaced by the foundation config/documents once merged."""
    return DATA_BUCKET, [BucketSpec(name=DATA_BUCKET, versioning=True)]
