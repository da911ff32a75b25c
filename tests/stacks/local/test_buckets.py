"""Local storage against a real moto server: the foundation's documents are applied, stored and enforced."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from stacks.local import buckets, s3
from stacks.local.errors import LocalEnvError
from tests.support import services

pytestmark = pytest.mark.integration


@pytest.fixture
def moto_port() -> Iterator[int]:
    with services.moto_s3_process(bucket=None) as endpoint:
        yield int(endpoint.rsplit(":", 1)[1])


def test_provision_applies_every_document_of_the_three_buckets(moto_port: int) -> None:
    from stacks.documents import environment_storage_set

    config = buckets.local_config("http://127.0.0.1:8123")
    storage = buckets.provision(moto_port, config)
    documents = {d.bucket: d for d in environment_storage_set(config).buckets}
    client = s3._client("s3", moto_port, storage.region)
    assert sorted(b["Name"] for b in client.list_buckets()["Buckets"]) == sorted(documents)
    data = documents[storage.data_bucket]
    assert client.get_bucket_versioning(Bucket=data.bucket)["Status"] == "Enabled"
    rules = client.get_bucket_cors(Bucket=data.bucket)["CORSRules"]
    assert any("http://127.0.0.1:8123" in rule["AllowedOrigins"] for rule in rules)
    assert len(client.get_bucket_lifecycle_configuration(Bucket=data.bucket)["Rules"]) == len(
        data.lifecycle["Rules"]
    )
    assert (
        client.get_bucket_logging(Bucket=data.bucket)["LoggingEnabled"]["TargetBucket"]
        == config.names.log_bucket
    )
    inventories = client.list_bucket_inventory_configurations(Bucket=data.bucket).get(
        "InventoryConfigurationList", []
    )
    assert sorted(i["Id"] for i in inventories) == sorted(i["Id"] for i in data.inventories)
    assert client.get_bucket_encryption(Bucket=data.bucket)["ServerSideEncryptionConfiguration"]["Rules"]
    stored = json.loads(client.get_bucket_policy(Bucket=data.bucket)["Policy"])
    assert stored == s3.enforceable_policy(data.policy(buckets.local_principals(config)))

    iam = s3._client("iam", moto_port, storage.region)
    policy = iam.get_user_policy(UserName=storage.api_user, PolicyName=f"{storage.api_user}-data")[
        "PolicyDocument"
    ]
    assert "s3:*" not in json.dumps(policy)

    provisioned_again = buckets.provision(moto_port, config)  # a second `up` on kept state
    assert provisioned_again == storage


def test_a_document_moto_rejects_is_one_line_naming_bucket_and_document(moto_port: int) -> None:
    from components.documents.storage import BucketDocuments, Principals, StorageSet

    bad = BucketDocuments(
        bucket="dandi-local-bad",
        encryption={"Rules": []},
        ownership={"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]},
        public_access_block={"BlockPublicAcls": True},
        policy_for=lambda _: {"Version": "2012-10-17", "Statement": []},
        lifecycle={"Rules": []},
        cors={"CORSRules": [{"AllowedMethods": ["FETCH"], "AllowedOrigins": ["*"]}]},
    )
    with pytest.raises(LocalEnvError) as err:
        s3.apply_buckets(
            moto_port, "us-east-2", StorageSet(log=bad, inventory=bad, data=bad), Principals(s3.ACCOUNT_ID)
        )
    assert "\n" not in str(err.value)
    assert str(err.value).startswith("the S3 API rejected the ")
    assert "dandi-local-bad" in str(err.value)
