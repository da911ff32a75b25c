"""Bucket policies: data bucket (public read, embargo, TLS-only, no version deletes), log, inventory."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from components.documents.arns import bucket_arn, objects_arn

EMBARGO_TAG = "embargoed"
PUBLIC_READ_OBJECT_ACTIONS = ["s3:GetObject", "s3:GetObjectVersion"]
PUBLIC_READ_BUCKET_ACTIONS = ["s3:ListBucket", "s3:ListBucketVersions", "s3:GetBucketLocation"]
READER_OBJECT_ACTIONS = ["s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectTagging"]


def deny_insecure_transport(bucket: str) -> dict[str, Any]:
    """Refuse every request made without TLS (absent from the real DANDI buckets)."""
    return {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [bucket_arn(bucket), objects_arn(bucket)],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }


def data_bucket_policy(
    *, bucket: str, api_principal_arn: str, embargo_reader_arns: Sequence[str] = (), public: bool
) -> dict[str, Any]:
    """Policy of the data bucket.

    Embargo is an object tag (embargoed=true) in the one bucket, as DANDI does since 2025: every s3
    action on such an object is denied unless the caller is the API identity or a named embargo reader.
    """
    exempt = sorted({api_principal_arn, *embargo_reader_arns})
    statements: list[dict[str, Any]] = [deny_insecure_transport(bucket)]
    if public:
        statements += [
            {
                "Sid": "PublicListBucket",
                "Effect": "Allow",
                "Principal": "*",
                "Action": PUBLIC_READ_BUCKET_ACTIONS,
                "Resource": bucket_arn(bucket),
            },
            {
                "Sid": "PublicReadObjects",
                "Effect": "Allow",
                "Principal": "*",
                "Action": PUBLIC_READ_OBJECT_ACTIONS,
                "Resource": objects_arn(bucket),
            },
        ]
    readers = sorted(set(embargo_reader_arns))
    if readers:
        statements += [
            {
                "Sid": "EmbargoReadersList",
                "Effect": "Allow",
                "Principal": {"AWS": readers},
                "Action": ["s3:ListBucket", "s3:ListBucketVersions"],
                "Resource": bucket_arn(bucket),
            },
            {
                "Sid": "EmbargoReadersRead",
                "Effect": "Allow",
                "Principal": {"AWS": readers},
                "Action": READER_OBJECT_ACTIONS,
                "Resource": objects_arn(bucket),
            },
        ]
    statements += [
        {
            "Sid": "DenyEmbargoedObjects",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "s3:*",
            "Resource": objects_arn(bucket),
            "Condition": {
                "StringEquals": {f"s3:ExistingObjectTag/{EMBARGO_TAG}": "true"},
                "ArnNotEquals": {"aws:PrincipalArn": exempt},
            },
        },
        {
            "Sid": "PreventDeletionOfObjectVersions",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "s3:DeleteObjectVersion",
            "Resource": objects_arn(bucket),
        },
    ]
    return {"Version": "2012-10-17", "Statement": statements}


def log_bucket_policy(*, log_bucket: str, source_bucket: str, source_account_id: str) -> dict[str, Any]:
    """Only S3's logging service may write, and only logs of our data bucket in our account."""
    return {
        "Version": "2012-10-17",
        # The grant comes first: moto checks it before put_bucket_logging and stops at the first match.
        "Statement": [
            {
                "Sid": "S3ServerAccessLogsPolicy",
                "Effect": "Allow",
                "Principal": {"Service": "logging.s3.amazonaws.com"},
                "Action": "s3:PutObject",
                "Resource": objects_arn(log_bucket),
                "Condition": {
                    "ArnLike": {"aws:SourceArn": bucket_arn(source_bucket)},
                    "StringEquals": {"aws:SourceAccount": source_account_id},
                },
            },
            deny_insecure_transport(log_bucket),
        ],
    }


def inventory_bucket_policy(
    *, inventory_bucket: str, source_buckets: Sequence[str], source_account_id: str
) -> dict[str, Any]:
    """Only S3's inventory delivery may write, for our own buckets in our account."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            deny_insecure_transport(inventory_bucket),
            {
                "Sid": "InventoryDelivery",
                "Effect": "Allow",
                "Principal": {"Service": "s3.amazonaws.com"},
                "Action": "s3:PutObject",
                "Resource": objects_arn(inventory_bucket),
                "Condition": {
                    "ArnLike": {"aws:SourceArn": sorted(bucket_arn(b) for b in source_buckets)},
                    "StringEquals": {
                        "aws:SourceAccount": source_account_id,
                        "s3:x-amz-acl": "bucket-owner-full-control",
                    },
                },
            },
        ],
    }
