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
from dataclasses import dataclass, field
from typing import Any

from stacks.local.errors import LocalEnvError
from stacks.local.ports import HOST

# moto accepts any credentials; these make the values obviously local and never real.
ACCESS_KEY_ID = "dandi-stack-local"
SECRET_ACCESS_KEY = "dandi-stack-local-secret"  # noqa: S105 - a fixed, public, moto-only value
REGION = "us-east-1"


def server_argv(port: int) -> list[str]:
    return [sys.executable, "-m", "moto.server", "-H", HOST, "-p", str(port)]


def endpoint(port: int) -> str:
    return f"http://{HOST}:{port}"


def is_ready(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"{endpoint(port)}/moto-api/data.json", timeout=2) as response:  # noqa: S310
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


@dataclass(frozen=True)
class BucketSpec:
    """One bucket and the S3 API-shaped documents to put on it (None: leave that setting alone)."""

    name: str
    versioning: bool = False
    encryption: dict[str, Any] | None = None  # ServerSideEncryptionConfiguration
    ownership: dict[str, Any] | None = None  # OwnershipControls
    public_access_block: dict[str, Any] | None = None  # PublicAccessBlockConfiguration
    policy: dict[str, Any] | None = None
    cors: dict[str, Any] | None = None  # CORSConfiguration
    lifecycle: dict[str, Any] | None = None  # LifecycleConfiguration
    logging: dict[str, Any] | None = None  # BucketLoggingStatus
    inventories: list[dict[str, Any]] = field(default_factory=list)  # InventoryConfiguration each


def s3_client(port: int) -> Any:
    import boto3
    from botocore.config import Config

    return boto3.client(
        "s3", endpoint_url=endpoint(port), region_name=REGION, aws_access_key_id=ACCESS_KEY_ID,
        aws_secret_access_key=SECRET_ACCESS_KEY, config=Config(s3={"addressing_style": "path"}),
    )


def apply_buckets(port: int, specs: list[BucketSpec]) -> None:
    """Create each bucket (idempotent) and put its documents; a document moto rejects is a LocalEnvError."""
    from botocore.exceptions import ClientError

    s3 = s3_client(port)
    for spec in specs:
        step = "create"
        try:
            try:
                s3.create_bucket(Bucket=spec.name)
            except ClientError as err:
                if err.response["Error"]["Code"] != "BucketAlreadyOwnedByYou":
                    raise
            for step, call in _calls(s3, spec):
                call()
        except ClientError as err:
            raise LocalEnvError(
                f"the S3 API rejected the {step} document of bucket {spec.name}: {err.response['Error']['Message']}"
            ) from None


def _calls(s3: Any, spec: BucketSpec) -> list[tuple[str, Any]]:
    b = spec.name
    calls: list[tuple[str, Any]] = []
    if spec.ownership is not None:
        calls.append(("ownership", lambda: s3.put_bucket_ownership_controls(Bucket=b, OwnershipControls=spec.ownership)))
    if spec.public_access_block is not None:
        calls.append(("public access block", lambda: s3.put_public_access_block(
            Bucket=b, PublicAccessBlockConfiguration=spec.public_access_block)))
    if spec.versioning:
        calls.append(("versioning", lambda: s3.put_bucket_versioning(
            Bucket=b, VersioningConfiguration={"Status": "Enabled"})))
    if spec.encryption is not None:
        calls.append(("encryption", lambda: s3.put_bucket_encryption(
            Bucket=b, ServerSideEncryptionConfiguration=spec.encryption)))
    if spec.policy is not None:
        calls.append(("policy", lambda: s3.put_bucket_policy(Bucket=b, Policy=json.dumps(spec.policy))))
    if spec.cors is not None:
        calls.append(("CORS", lambda: s3.put_bucket_cors(Bucket=b, CORSConfiguration=spec.cors)))
    if spec.lifecycle is not None:
        calls.append(("lifecycle", lambda: s3.put_bucket_lifecycle_configuration(
            Bucket=b, LifecycleConfiguration=spec.lifecycle)))
    if spec.logging is not None:
        calls.append(("logging", lambda: s3.put_bucket_logging(Bucket=b, BucketLoggingStatus=spec.logging)))
    for inventory in spec.inventories:
        calls.append(("inventory", lambda inv=inventory: s3.put_bucket_inventory_configuration(
            Bucket=b, Id=inv["Id"], InventoryConfiguration=inv)))
    return calls
