"""moto's S3/IAM server with IAM enforcement as AWS does it, for the local environment and the contract tests.

Run as `python -m stacks.local.moto_server [--header-signed-only] -H HOST -p PORT`. Enforcement starts off
(moto's INITIAL_NO_AUTH_ACTION_COUNT) and is switched on by POST /moto-api/reset-auth with body `0` once
buckets, identities and policies exist; `inf` switches it off again.

moto 5.2.5 checks a different IAM action than AWS for three S3 calls the app makes; AWS's Service
Authorization Reference for Amazon S3 (no machine-readable copy ships with botocore or moto) requires:
- DeleteObjectTagging: s3:DeleteObjectTagging (moto checks s3:DeleteObject);
- HeadBucket: s3:ListBucket (moto checks s3:HeadBucket, an action IAM does not define);
- DeleteObjects: s3:DeleteObject on each key deleted (moto checks it on the bucket ARN, so it refuses every
  key under a policy scoped to bucket/*).
Those three are set to AWS's rule here; every other call is checked as moto does.

With --header-signed-only, requests not signed in an Authorization header (presigned URLs, anonymous reads of
a public bucket) pass unchecked: moto answers 500 to them while enforcing, and on AWS what governs them (the
signer's policy at signing time, the bucket policy's conditions) is beyond what moto evaluates. Every request
the app signs itself is still checked against its identity's policy.
"""

from __future__ import annotations

import sys
from typing import Any

HEADER_SIGNED_ONLY = "--header-signed-only"


def _object_keys(body: bytes) -> list[str]:
    import xmltodict  # type: ignore[import-untyped]  # moto's dependency ships no stubs

    objects = xmltodict.parse(body).get("Delete", {}).get("Object", [])
    return [obj["Key"] for obj in (objects if isinstance(objects, list) else [objects])]


def apply_aws_action_rules() -> None:
    from moto.s3 import responses as s3_responses

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


def check_header_signed_only() -> None:
    from moto.core.authorization import ActionAuthenticatorMixin

    original = ActionAuthenticatorMixin._authenticate_and_authorize_action

    def header_signed(self: Any, iam_request_cls: type, resource: str = "*") -> None:
        if "Authorization" not in self.headers:
            return
        original(self, iam_request_cls, resource)

    ActionAuthenticatorMixin._authenticate_and_authorize_action = header_signed  # type: ignore[method-assign]


def main(argv: list[str]) -> None:
    from moto.server import main as moto_main

    apply_aws_action_rules()
    if HEADER_SIGNED_ONLY in argv:
        check_header_signed_only()
    moto_main([arg for arg in argv if arg != HEADER_SIGNED_ONLY])


if __name__ == "__main__":
    main(sys.argv[1:])
