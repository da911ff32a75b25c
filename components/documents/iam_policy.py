"""IAM policies: the API identity gets only the S3 actions the app uses on its own bucket; readers read."""

from __future__ import annotations

from typing import Any

from components.documents.arns import bucket_arn, objects_arn

# Each action is what AWS's Service Authorization Reference requires for a call in the app's storage module
# (app/archive/services/storage.py), and nothing else: tests/contracts/test_iam_enforced.py proves with moto
# (IAM enforced) that each one is needed. ListObjectsV2 and HeadBucket need s3:ListBucket; HeadObject and
# GetObject s3:GetObject; CreateMultipartUpload, UploadPart (the presigned part URLs) and
# CompleteMultipartUpload s3:PutObject; DeleteObjects s3:DeleteObject on each key; object tagging on an upload
# (the x-amz-tagging header) and PutObjectTagging s3:PutObjectTagging; unembargo s3:DeleteObjectTagging.
API_BUCKET_ACTIONS = ["s3:ListBucket"]
API_OBJECT_ACTIONS = [
    "s3:AbortMultipartUpload",
    "s3:DeleteObject",
    "s3:DeleteObjectTagging",
    "s3:GetObject",
    "s3:PutObject",
    "s3:PutObjectTagging",
]
READER_BUCKET_ACTIONS = ["s3:ListBucket", "s3:ListBucketVersions"]
READER_OBJECT_ACTIONS = ["s3:GetObject", "s3:GetObjectTagging", "s3:GetObjectVersion"]


def api_user_policy(*, bucket: str) -> dict[str, Any]:
    """No wildcard action, no other bucket: the real deployment's s3:* is narrowed to what the app calls."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ListDataBucket",
                "Effect": "Allow",
                "Action": API_BUCKET_ACTIONS,
                "Resource": bucket_arn(bucket),
            },
            {
                "Sid": "ManageDataObjects",
                "Effect": "Allow",
                "Action": API_OBJECT_ACTIONS,
                "Resource": objects_arn(bucket),
            },
        ],
    }


def reader_user_policy(*, bucket: str) -> dict[str, Any]:
    """Read-only access for backup/embargo reader users."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ListDataBucket",
                "Effect": "Allow",
                "Action": READER_BUCKET_ACTIONS,
                "Resource": bucket_arn(bucket),
            },
            {
                "Sid": "ReadDataObjects",
                "Effect": "Allow",
                "Action": READER_OBJECT_ACTIONS,
                "Resource": objects_arn(bucket),
            },
        ],
    }
