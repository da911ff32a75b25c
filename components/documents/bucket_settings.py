"""Settings of every bucket: SSE, owner-enforced ownership, public access block, versioning, logging."""

from __future__ import annotations

from typing import Any


def server_side_encryption() -> dict[str, Any]:
    """ServerSideEncryptionConfiguration for put_bucket_encryption: SSE-S3 with bucket keys."""
    return {
        "Rules": [
            {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BucketKeyEnabled": True}
        ]
    }


def ownership_controls() -> dict[str, Any]:
    """OwnershipControls for put_bucket_ownership_controls: ACLs off, the bucket owner owns every object."""
    return {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}


def public_access_block(*, public: bool) -> dict[str, Any]:
    """PublicAccessBlockConfiguration: ACLs always blocked; a public policy only where data is open."""
    return {
        "BlockPublicAcls": True,
        "IgnorePublicAcls": True,
        "BlockPublicPolicy": not public,
        "RestrictPublicBuckets": not public,
    }


def versioning() -> dict[str, Any]:
    """VersioningConfiguration: the trailing-delete window needs versions."""
    return {"Status": "Enabled"}


def access_logging(*, target_bucket: str, source_bucket: str) -> dict[str, Any]:
    """BucketLoggingStatus for put_bucket_logging: date-partitioned keys under the source bucket's name."""
    return {
        "LoggingEnabled": {
            "TargetBucket": target_bucket,
            "TargetPrefix": f"{source_bucket}/",
            "TargetObjectKeyFormat": {"PartitionedPrefix": {"PartitionDateSource": "EventTime"}},
        }
    }
