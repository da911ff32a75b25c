"""The local S3/IAM/Route53 API (moto's server) and applying bucket documents to it through boto3.

moto parses and validates each document on the real S3 API call, so the local environment exercises the very
policy, CORS, lifecycle and inventory documents the cloud components send to AWS.
"""

from __future__ import annotations

import json
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stacks.local.errors import LocalEnvError
from stacks.local.ports import HOST

if TYPE_CHECKING:
    from components.documents.storage import BucketDocuments, Principals, StorageSet

# Before enforcement is on, moto accepts any credentials: these set the environment up and save its objects.
ACCESS_KEY_ID = "dandi-stack-local"
SECRET_ACCESS_KEY = "dandi-stack-local-secret"  # noqa: S105 - a fixed, public, moto-only value
MOTO_SERVER = "stacks.local.moto_server"
# The account moto answers as; the documents' ARNs (API principal, log/inventory source) use it.
ACCOUNT_ID = "123456789012"


def server_argv(port: int) -> list[str]:
    """moto with AWS's S3 action rules, checking header-signed requests against IAM (moto_server.py) once
    `enforce` switches that on."""
    return [sys.executable, "-m", MOTO_SERVER, "--header-signed-only", "-H", HOST, "-p", str(port)]


def endpoint(port: int) -> str:
    return f"http://{HOST}:{port}"


def is_ready(port: int) -> bool:
    try:
        # moto's own status page: cheap, unlike /moto-api/data.json which serializes every object it holds
        with urllib.request.urlopen(f"{endpoint(port)}/moto-api/", timeout=2) as response:  # noqa: S310
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


def wait_ready(port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if is_ready(port):
            return
        time.sleep(0.1)
    raise LocalEnvError(f"the S3 API (moto) on port {port} did not answer within {timeout:.0f} s")


def _client(service: str, port: int, region: str) -> Any:
    import boto3
    from botocore.config import Config

    return boto3.client(
        service,
        endpoint_url=endpoint(port),
        region_name=region,
        aws_access_key_id=ACCESS_KEY_ID,
        aws_secret_access_key=SECRET_ACCESS_KEY,
        config=Config(s3={"addressing_style": "path"}),
    )


def create_api_user(port: int, *, region: str, user: str, policy: dict[str, Any]) -> None:
    """The app's IAM user with its least-privilege inline policy, which moto's IAM API validates; once
    `enforce` is on, the app's own S3 calls are signed with this user's key (`issue_api_key`) and checked
    against the policy."""
    from botocore.exceptions import ClientError

    iam = _client("iam", port, region)
    try:
        iam.create_user(UserName=user)
    except ClientError as err:
        if err.response["Error"]["Code"] != "EntityAlreadyExists":
            raise
    try:
        iam.put_user_policy(UserName=user, PolicyName=f"{user}-data", PolicyDocument=json.dumps(policy))
    except ClientError as err:
        raise LocalEnvError(
            f"the IAM API rejected the policy of {user}: {err.response['Error']['Message']}"
        ) from None


def apply_buckets(port: int, region: str, documents: StorageSet, principals: Principals) -> None:
    """Create each bucket (idempotent) and put its documents; a document moto rejects is a LocalEnvError."""
    from botocore.exceptions import ClientError

    s3 = _client("s3", port, region)
    for docs in documents.buckets:
        step = "create"
        try:
            try:
                extra = (
                    {}
                    if region == "us-east-1"
                    else {"CreateBucketConfiguration": {"LocationConstraint": region}}
                )
                s3.create_bucket(Bucket=docs.bucket, **extra)
            except ClientError as err:
                if err.response["Error"]["Code"] != "BucketAlreadyOwnedByYou":
                    raise
            for name, call in _calls(s3, docs, principals):
                step = name
                call()
        except ClientError as err:
            raise LocalEnvError(
                f"the S3 API rejected the {step} document of bucket {docs.bucket}: "
                f"{err.response['Error']['Message']}"
            ) from None


def enforceable_policy(policy: dict[str, Any]) -> dict[str, Any]:
    """The bucket policy minus the Deny statements that carry a Condition.

    moto enforces the Deny statements of bucket policies but ignores their Conditions, so a conditional Deny
    (TLS-only, embargo tag) would deny every object request on plain-http loopback. Those are the only
    statements left out locally (embargo is still enforced by the app, which never hands out such objects).
    """
    kept = [
        st for st in policy.get("Statement", []) if not (st.get("Effect") == "Deny" and st.get("Condition"))
    ]
    return {**policy, "Statement": kept}


def _calls(s3: Any, docs: BucketDocuments, principals: Principals) -> list[tuple[str, Any]]:
    """The put_* calls in the order AWS needs: ownership and public access before the policy."""
    b = docs.bucket
    calls: list[tuple[str, Any]] = [
        ("ownership", lambda: s3.put_bucket_ownership_controls(Bucket=b, OwnershipControls=docs.ownership)),
        (
            "public access block",
            lambda: s3.put_public_access_block(
                Bucket=b, PublicAccessBlockConfiguration=docs.public_access_block
            ),
        ),
        (
            "encryption",
            lambda: s3.put_bucket_encryption(Bucket=b, ServerSideEncryptionConfiguration=docs.encryption),
        ),
        (
            "policy",
            lambda: s3.put_bucket_policy(
                Bucket=b, Policy=json.dumps(enforceable_policy(docs.policy(principals)))
            ),
        ),
        (
            "lifecycle",
            lambda: s3.put_bucket_lifecycle_configuration(Bucket=b, LifecycleConfiguration=docs.lifecycle),
        ),
    ]
    if docs.versioning is not None:
        calls.append(
            (
                "versioning",
                lambda: s3.put_bucket_versioning(Bucket=b, VersioningConfiguration=docs.versioning),
            )
        )
    if docs.cors is not None:
        calls.append(("CORS", lambda: s3.put_bucket_cors(Bucket=b, CORSConfiguration=docs.cors)))
    if docs.logging is not None:
        calls.append(("logging", lambda: s3.put_bucket_logging(Bucket=b, BucketLoggingStatus=docs.logging)))
    for inventory in docs.inventories_for(principals.account_id):
        calls.append(
            (
                "inventory",
                lambda inv=inventory: s3.put_bucket_inventory_configuration(
                    Bucket=b, Id=inv["Id"], InventoryConfiguration=inv
                ),
            )
        )
    return calls


def issue_api_key(port: int, *, region: str, user: str) -> tuple[str, str]:
    """A fresh access key of `user` (any older ones are deleted): (access key id, secret access key)."""
    iam = _client("iam", port, region)
    for old in iam.list_access_keys(UserName=user)["AccessKeyMetadata"]:
        iam.delete_access_key(UserName=user, AccessKeyId=old["AccessKeyId"])
    key = iam.create_access_key(UserName=user)["AccessKey"]
    return key["AccessKeyId"], key["SecretAccessKey"]


def write_credentials(path: Path, key: tuple[str, str]) -> None:
    """An AWS shared credentials file, owner-only (the app's boto3 reads AWS_SHARED_CREDENTIALS_FILE)."""
    tmp = path.with_suffix(".new")
    tmp.write_text(f"[default]\naws_access_key_id = {key[0]}\naws_secret_access_key = {key[1]}\n")
    tmp.chmod(0o600)
    tmp.replace(path)


def enforce(port: int, *, on: bool) -> None:
    """Switch moto's IAM enforcement of header-signed requests on or off (moto's own /moto-api/reset-auth)."""
    request = urllib.request.Request(  # noqa: S310 - loopback moto endpoint
        f"{endpoint(port)}/moto-api/reset-auth",
        data=b"0" if on else b"inf",
        method="POST",
        headers={"Content-Type": "text/plain"},  # moto reads the raw body, which a form type would consume
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            response.read()
    except (OSError, urllib.error.URLError) as exc:
        raise LocalEnvError(f"could not switch IAM enforcement of the S3 API on port {port}: {exc}") from None
