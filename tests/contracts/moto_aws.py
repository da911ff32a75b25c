"""moto's server with IAM enforcement, its S3 action table corrected where it departs from AWS's own.

Run as `python -m tests.contracts.moto_aws -H 127.0.0.1 -p PORT`. Requests are unauthenticated until a POST
to /moto-api/reset-auth with body `0` (moto's own switch), so the test can create the bucket, the identities
and their policies first; from then on every request must be signed by a key moto knows and be allowed by
that identity's policies.

moto 5.2.5 checks a different IAM action than AWS for three S3 calls the app makes. AWS's Service
Authorization Reference for Amazon S3 (the owner's published contract, no machine-readable copy of it ships
with botocore or moto) requires:
- DeleteObjectTagging: s3:DeleteObjectTagging (moto checks s3:DeleteObject);
- HeadBucket: s3:ListBucket (moto checks s3:HeadBucket, an action IAM does not define);
- DeleteObjects: s3:DeleteObject on each key deleted (moto checks it on the bucket ARN and so refuses every
  key under a policy scoped to bucket/*).
Those three are set to AWS's rule here; every other call is checked exactly as moto does.
"""

from __future__ import annotations

import sys
from typing import Any

import xmltodict
from moto.s3 import responses as s3_responses
from moto.server import main


def _object_keys(body: bytes) -> list[str]:
    objects = xmltodict.parse(body).get("Delete", {}).get("Object", [])
    return [obj["Key"] for obj in (objects if isinstance(objects, list) else [objects])]


def apply_aws_action_rules() -> None:
    table = s3_responses.ACTION_MAP
    table["KEY"]["DELETE"]["tagging"] = "DeleteObjectTagging"
    table["BUCKET"]["HEAD"]["DEFAULT"] = "ListBucket"

    original = s3_responses.S3Response._authenticate_and_authorize_s3_action

    def per_key(self: Any, bucket_name: str | None = None, key_name: str | None = None) -> None:
        if key_name is None and self.data.get("Action") == "DeleteObject" and self.is_delete_keys():
            for key in _object_keys(self.body):
                original(self, bucket_name=bucket_name, key_name=key)
            return
        original(self, bucket_name=bucket_name, key_name=key_name)

    s3_responses.S3Response._authenticate_and_authorize_s3_action = per_key  # type: ignore[method-assign]


if __name__ == "__main__":
    apply_aws_action_rules()
    main(sys.argv[1:])
