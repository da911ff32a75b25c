"""The local environment applies the very bucket documents the cloud stack declares.

For each cloud environment: render its stack offline (Pulumi mocks) and collect the bucket policies, CORS,
lifecycle rules and inventories it declares; apply the same config's storage set to a moto S3 server through
the local runtime (stacks.local.s3.apply_buckets, what `dandi-stack up` runs), recording every document it
sends; the two must be equal. The one intended difference: locally the conditional Deny statements are left out
of bucket policies (moto ignores conditions; README "Local environment"), so the local policy must be exactly
the cloud policy minus those.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from components.documents.storage import Principals
from stacks.config.model import load_environment, validate_environment
from stacks.documents import environment_storage_set
from stacks.environments import CODE_ROOT
from stacks.local import s3
from stacks.plan.fakes.aws import MOCK_ACCOUNT_ID
from stacks.plan.render import Secret, render
from tests.support import services

pytestmark = pytest.mark.integration
ROOT = CODE_ROOT
SANDBOX = {
    "name": "sandbox-parity",
    "prefix": "parity",
    "domain": "parity.example.org",
    "storage": {"public": False, "log_retention_days": 30, "inventory_frequency": "Weekly"},
    "identity": {"embargo_readers": ["arn:aws:iam::123456789012:user/backup"], "reader_users": ["audit"]},
    "sandbox": {"owner": "alice"},
}
PUT_CALLS = {
    "PutBucketPolicy": "policy",
    "PutBucketCors": "cors",
    "PutBucketLifecycleConfiguration": "lifecycle",
    "PutBucketInventoryConfiguration": "inventory",
}


def configs():
    yield load_environment("staging", ROOT)
    yield load_environment("prod", ROOT)
    yield validate_environment(SANDBOX, source="test")


@pytest.fixture(scope="module")
def moto_port():
    with services.moto_s3(bucket=None) as endpoint:
        yield int(endpoint.rsplit(":", 1)[1])


def norm(value: Any) -> Any:
    """Key spelling aside (AWS's PascalCase, Pulumi's camelCase), the same document compares equal."""
    if isinstance(value, dict):
        return {k.replace("_", "").lower(): norm(v) for k, v in value.items()}
    if isinstance(value, list):
        return [norm(v) for v in value]
    return value.value if isinstance(value, Secret) else value


def declared_by_cloud(config) -> dict[tuple[str, str], Any]:
    """(document kind, bucket) -> what the rendered stack declares, with keys normalised."""
    kinds = {
        "aws:s3/bucketPolicy:BucketPolicy": "policy",
        "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration": "cors",
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": "lifecycle",
        "aws:s3/inventory:Inventory": "inventory",
    }
    rendering = render(config)
    found: dict[tuple[str, str], Any] = {}
    for resource in rendering.resources:
        kind = kinds.get(resource.type)
        if kind is None:
            continue
        inputs = norm(dict(resource.inputs))
        bucket = inputs.pop("bucket")
        if kind == "policy":
            found[(kind, bucket)] = json.loads(inputs["policy"])
        elif kind == "cors":
            found[(kind, bucket)] = inputs["corsrules"]
        elif kind == "lifecycle":
            found[(kind, bucket)] = inputs["rules"]
        else:
            found.setdefault((kind, bucket), []).append(inputs)
    return found | {("principals", ""): rendering.outputs}


def applied_locally(config, principals: Principals, port: int, monkeypatch) -> dict[tuple[str, str], Any]:
    """What the local runtime sends to moto for this config's storage set, as (kind, bucket) -> document."""
    sent: dict[tuple[str, str], Any] = {}
    make_client = s3._client

    def record(params: dict[str, Any], model: Any, **_: Any) -> None:
        kind = PUT_CALLS.get(model.name)
        if kind == "policy":
            sent[(kind, params["Bucket"])] = json.loads(params["Policy"])
        elif kind == "cors":
            sent[(kind, params["Bucket"])] = norm(params["CORSConfiguration"]["CORSRules"])
        elif kind == "lifecycle":
            sent[(kind, params["Bucket"])] = norm(params["LifecycleConfiguration"]["Rules"])
        elif kind == "inventory":
            sent.setdefault((kind, params["Bucket"]), []).append(as_inventory_resource(params))

    def recording_client(service: str, *args: Any) -> Any:
        client = make_client(service, *args)
        client.meta.events.register("provide-client-params.s3.*", record)
        return client

    monkeypatch.setattr(s3, "_client", recording_client)
    s3.apply_buckets(port, config.aws_region, environment_storage_set(config), principals)
    return sent


def as_inventory_resource(params: dict[str, Any]) -> dict[str, Any]:
    """An InventoryConfiguration in aws.s3.Inventory's argument shape (the provider's documented mapping)."""
    inv = params["InventoryConfiguration"]
    dest = inv["Destination"]["S3BucketDestination"]
    return norm(
        {
            "name": inv["Id"],
            "enabled": inv["IsEnabled"],
            "includedObjectVersions": inv["IncludedObjectVersions"],
            "optionalFields": inv["OptionalFields"],
            "schedule": {"frequency": inv["Schedule"]["Frequency"]},
            "filter": {"prefix": inv["Filter"]["Prefix"]},
            "destination": {
                "bucket": {
                    "accountId": dest["AccountId"],
                    "bucketArn": dest["Bucket"],
                    "format": dest["Format"],
                    "prefix": dest["Prefix"],
                }
            },
        }
    )


@pytest.mark.parametrize("config", list(configs()), ids=lambda c: c.name)
def test_local_applies_the_documents_the_cloud_declares(config, moto_port, monkeypatch):
    cloud = declared_by_cloud(config)
    outputs = cloud.pop(("principals", ""))
    names = config.names
    # The reader users the stack creates, as the mocks name them (as IAM would: account and user name).
    readers = [
        f"arn:aws:iam::{MOCK_ACCOUNT_ID}:user/{names.reader_user(r)}" for r in config.identity.reader_users
    ]
    principals = Principals(
        account_id=MOCK_ACCOUNT_ID,
        api_principal_arn=outputs["api_user_arn"],
        embargo_reader_arns=[*config.identity.embargo_readers, *readers],
    )
    local = applied_locally(config, principals, moto_port, monkeypatch)

    buckets = {names.data_bucket, names.log_bucket, names.inventory_bucket}
    assert {bucket for _, bucket in cloud} == buckets
    assert set(local) == set(cloud)
    for (kind, bucket), declared in cloud.items():
        if kind == "policy":
            assert local[(kind, bucket)] == s3.enforceable_policy(declared), bucket
        else:
            assert local[(kind, bucket)] == declared, (kind, bucket)
    data_policy = cloud[("policy", names.data_bucket)]
    exempt = next(s for s in data_policy["Statement"] if s["Sid"] == "DenyEmbargoedObjects")
    assert outputs["api_user_arn"] in exempt["Condition"]["ArnNotEquals"]["aws:PrincipalArn"]
