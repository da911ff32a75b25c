"""Every document applied with boto3 to a moto S3/IAM server on a free loopback port: moto accepts and returns it."""

import json

import boto3
import pytest

from components.documents import iam_policy
from components.documents.storage import Principals
from stacks.config.model import EnvironmentKind, local_environment, validate_environment
from stacks.documents import environment_storage_set
from tests.support import services

pytestmark = pytest.mark.integration
REGION = "us-east-2"


@pytest.fixture(scope="module")
def endpoint():
    with services.moto_s3(bucket=None) as url:
        yield url


def client(endpoint, service):
    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def environments():
    yield local_environment(prefix="motolocal")
    yield validate_environment(
        {
            "name": "staging",
            "prefix": "motostg",
            "domain": "staging.example.org",
            "storage": {"public": False, "log_retention_days": 90},
        },
        source="test",
    )
    yield validate_environment(
        {
            "name": "prod",
            "kind": EnvironmentKind.prod,
            "prefix": "motoprod",
            "domain": "example.org",
            "identity": {"reader_users": ["backup"]},
            "storage": {"extra_cors_origins": ["https://neurosift.app"]},
        },
        source="test",
    )


def moto_lifecycle_echo(lifecycle):
    """What moto 5.2 returns for a lifecycle: it stores NewerNoncurrentVersions only on transitions, not on
    NoncurrentVersionExpiration (moto/s3/models.py), so that one field is not echoed. The unit tests check it."""
    rules = json.loads(json.dumps(lifecycle["Rules"]))
    for rule in rules:
        rule.get("NoncurrentVersionExpiration", {}).pop("NewerNoncurrentVersions", None)
    return rules


@pytest.mark.parametrize("config", list(environments()), ids=lambda c: c.name)
def test_moto_accepts_and_returns_every_document(endpoint, config):
    s3, iam = client(endpoint, "s3"), client(endpoint, "iam")
    names = config.names

    api_arn = iam.create_user(UserName=names.api_user)["User"]["Arn"]
    api_policy = iam_policy.api_user_policy(bucket=names.data_bucket)
    iam.put_user_policy(
        UserName=names.api_user, PolicyName="data-bucket", PolicyDocument=json.dumps(api_policy)
    )
    assert (
        iam.get_user_policy(UserName=names.api_user, PolicyName="data-bucket")["PolicyDocument"] == api_policy
    )
    reader_arns = []
    for reader in config.identity.reader_users:
        user = names.reader_user(reader)
        reader_arns.append(iam.create_user(UserName=user)["User"]["Arn"])
        doc = iam_policy.reader_user_policy(bucket=names.data_bucket)
        iam.put_user_policy(UserName=user, PolicyName="read", PolicyDocument=json.dumps(doc))
        assert iam.get_user_policy(UserName=user, PolicyName="read")["PolicyDocument"] == doc

    principals = Principals(
        account_id="123456789012",
        api_principal_arn=api_arn,
        embargo_reader_arns=[*config.identity.embargo_readers, *reader_arns],
    )
    for doc in environment_storage_set(config).buckets:
        b = doc.bucket
        s3.create_bucket(Bucket=b, CreateBucketConfiguration={"LocationConstraint": REGION})
        s3.put_public_access_block(Bucket=b, PublicAccessBlockConfiguration=doc.public_access_block)
        assert (
            s3.get_public_access_block(Bucket=b)["PublicAccessBlockConfiguration"] == doc.public_access_block
        )
        s3.put_bucket_ownership_controls(Bucket=b, OwnershipControls=doc.ownership)
        assert s3.get_bucket_ownership_controls(Bucket=b)["OwnershipControls"] == doc.ownership
        s3.put_bucket_encryption(Bucket=b, ServerSideEncryptionConfiguration=doc.encryption)
        assert s3.get_bucket_encryption(Bucket=b)["ServerSideEncryptionConfiguration"] == doc.encryption
        policy = doc.policy(principals)
        s3.put_bucket_policy(Bucket=b, Policy=json.dumps(policy))
        assert json.loads(s3.get_bucket_policy(Bucket=b)["Policy"]) == policy
        s3.put_bucket_lifecycle_configuration(Bucket=b, LifecycleConfiguration=doc.lifecycle)
        assert s3.get_bucket_lifecycle_configuration(Bucket=b)["Rules"] == moto_lifecycle_echo(doc.lifecycle)
        if doc.versioning:
            s3.put_bucket_versioning(Bucket=b, VersioningConfiguration=doc.versioning)
            assert s3.get_bucket_versioning(Bucket=b)["Status"] == "Enabled"
        if doc.cors:
            s3.put_bucket_cors(Bucket=b, CORSConfiguration=doc.cors)
            assert s3.get_bucket_cors(Bucket=b)["CORSRules"] == doc.cors["CORSRules"]
        if doc.logging:
            s3.put_bucket_logging(Bucket=b, BucketLoggingStatus=doc.logging)
            got = s3.get_bucket_logging(Bucket=b)["LoggingEnabled"]
            assert got["TargetBucket"] == doc.logging["LoggingEnabled"]["TargetBucket"]
            assert got["TargetPrefix"] == doc.logging["LoggingEnabled"]["TargetPrefix"]
        for inv in doc.inventories_for(principals.account_id):
            s3.put_bucket_inventory_configuration(Bucket=b, Id=inv["Id"], InventoryConfiguration=inv)
            got = s3.get_bucket_inventory_configuration(Bucket=b, Id=inv["Id"])["InventoryConfiguration"]
            assert got == inv
