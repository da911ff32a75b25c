"""The API identity's IAM policy against moto with IAM enforcement on: sufficient and minimal.

The app's every S3 call (tests/contracts/storage_ops.py runs them through app/archive/services/storage.py) is
signed with the keys of an IAM user holding exactly the policy components/documents/iam_policy.py builds for
the prod stack's data bucket, which carries the stack's own bucket policy. moto checks each request
(stacks/local/moto_server.py says where its S3 action table is set to AWS's). Sufficient: every operation
passes. Minimal: for each action the policy grants, taking it away makes the operations named in REQUIRED_BY
fail with AccessDenied.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from components.documents import iam_policy
from components.documents.storage import Principals
from stacks.config.model import load_environment
from stacks.documents import environment_storage_set
from stacks.local.s3 import ACCOUNT_ID as MOTO_ACCOUNT
from stacks.local.s3 import enforceable_policy
from tests.support.services import REPO, free_port

pytestmark = pytest.mark.integration

# The operations of storage_ops.py that each granted action is needed for.
REQUIRED_BY = {
    "s3:ListBucket": ["bucket_check", "listing"],
    "s3:GetObject": ["blob_head", "sha256_read", "download"],
    "s3:PutObject": [
        "multipart_initialize",
        "part_put",
        "multipart_complete",
        "manifest_put",
        "embargoed_manifest_put",
        "zarr_file_put",
    ],
    "s3:PutObjectTagging": ["embargo_tag"],
    "s3:DeleteObjectTagging": ["unembargo_untag"],
    "s3:AbortMultipartUpload": ["stale_upload_abort"],
    "s3:DeleteObject": ["blob_delete", "zarr_files_delete"],
}
ADMIN_POLICY = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}


@dataclass
class EnforcedAws:
    endpoint: str
    region: str
    bucket: str
    user: str
    api_keys: tuple[str, str]
    admin_keys: tuple[str, str]

    def client(self, service: str, keys: tuple[str, str]) -> Any:
        import boto3
        from botocore.config import Config

        return boto3.client(
            service,
            endpoint_url=self.endpoint,
            region_name=self.region,
            aws_access_key_id=keys[0],
            aws_secret_access_key=keys[1],
            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
        )

    def set_api_policy(self, policy: dict[str, Any]) -> None:
        self.client("iam", self.admin_keys).put_user_policy(
            UserName=self.user, PolicyName=f"{self.user}-data", PolicyDocument=json.dumps(policy)
        )

    def run_storage_operations(self) -> dict[str, str]:
        env = {
            **os.environ,
            "DATABASE_URL": "postgres://unused@127.0.0.1:9/unused",  # the storage calls never touch it
            "DJANGO_SECRET_KEY": "contract-test-" + "x" * 40,
            "DJANGO_STORAGE_BUCKET_NAME": self.bucket,
            "DJANGO_S3_ENDPOINT_URL": self.endpoint,
            "DJANGO_S3_PUBLIC_ENDPOINT_URL": self.endpoint,
            "AWS_ACCESS_KEY_ID": self.api_keys[0],
            "AWS_SECRET_ACCESS_KEY": self.api_keys[1],
            "AWS_DEFAULT_REGION": self.region,
            "TEST_ADMIN_KEY_ID": self.admin_keys[0],
            "TEST_ADMIN_SECRET": self.admin_keys[1],
        }
        result = subprocess.run(
            [sys.executable, "-m", "tests.contracts.storage_ops"],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return json.loads(result.stdout.strip().splitlines()[-1])


def _wait_listening(port: int, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("the enforced moto server exited at start")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError("the enforced moto server did not listen within 30 s")


@pytest.fixture(scope="module")
def aws() -> Iterator[EnforcedAws]:
    import requests

    config = load_environment("prod", REPO)
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.contracts.moto_aws", "-H", "127.0.0.1", "-p", str(port)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _wait_listening(port, proc)
        endpoint = f"http://127.0.0.1:{port}"
        setup = EnforcedAws(
            endpoint=endpoint,
            region=config.aws_region,
            bucket=config.names.data_bucket,
            user=config.names.api_user,
            api_keys=("", ""),
            admin_keys=("unused", "unused"),
        )
        # Unauthenticated until reset-auth: create the bucket, the API identity and an admin for the setup.
        iam = setup.client("iam", setup.admin_keys)
        setup.client("s3", setup.admin_keys).create_bucket(
            Bucket=setup.bucket, CreateBucketConfiguration={"LocationConstraint": setup.region}
        )
        keys = {}
        for user, policy in (
            (setup.user, iam_policy.api_user_policy(bucket=setup.bucket)),
            ("contract-admin", ADMIN_POLICY),
        ):
            iam.create_user(UserName=user)
            iam.put_user_policy(UserName=user, PolicyName=f"{user}-data", PolicyDocument=json.dumps(policy))
            key = iam.create_access_key(UserName=user)["AccessKey"]
            keys[user] = (key["AccessKeyId"], key["SecretAccessKey"])
        setup.api_keys, setup.admin_keys = keys[setup.user], keys["contract-admin"]
        setup.client("s3", setup.admin_keys).put_bucket_policy(
            Bucket=setup.bucket, Policy=json.dumps(data_bucket_policy(config))
        )
        requests.post(f"{endpoint}/moto-api/reset-auth", data=b"0", timeout=10).raise_for_status()
        yield setup
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def data_bucket_policy(config: Any) -> dict[str, Any]:
    """The data bucket's own policy as the stack builds it for a private deployment (storage.public false,
    so only the identity policy grants the app its reads), minus what moto cannot evaluate (the local
    environment applies the same subset): its unconditional Deny statements apply to the API identity too."""
    config = config.model_copy(update={"storage": config.storage.model_copy(update={"public": False})})
    principals = Principals(
        account_id=MOTO_ACCOUNT, api_principal_arn=f"arn:aws:iam::{MOTO_ACCOUNT}:user/{config.names.api_user}"
    )
    return enforceable_policy(environment_storage_set(config).data.policy(principals))


def granted_actions() -> set[str]:
    policy = iam_policy.api_user_policy(bucket="any")
    return {action for statement in policy["Statement"] for action in statement["Action"]}


def without(action: str, bucket: str) -> dict[str, Any]:
    policy = iam_policy.api_user_policy(bucket=bucket)
    statements = [{**st, "Action": [a for a in st["Action"] if a != action]} for st in policy["Statement"]]
    return {**policy, "Statement": [st for st in statements if st["Action"]]}


def test_every_storage_operation_of_the_app_passes_with_the_generated_policy(aws):
    aws.set_api_policy(iam_policy.api_user_policy(bucket=aws.bucket))
    results = aws.run_storage_operations()
    assert set(results) == {op for ops in REQUIRED_BY.values() for op in ops}
    assert {op: r for op, r in results.items() if r != "ok"} == {}


def test_every_granted_action_names_the_operations_that_need_it():
    assert set(REQUIRED_BY) == granted_actions()


@pytest.mark.parametrize("action", sorted(REQUIRED_BY))
def test_without_the_action_its_operations_are_denied(aws, action):
    aws.set_api_policy(without(action, aws.bucket))
    try:
        results = aws.run_storage_operations()
    finally:
        aws.set_api_policy(iam_policy.api_user_policy(bucket=aws.bucket))
    assert {op: results[op] for op in REQUIRED_BY[action]} == dict.fromkeys(
        REQUIRED_BY[action], "AccessDenied"
    )


def test_the_identity_reaches_no_other_bucket(aws):
    from botocore.exceptions import ClientError

    admin = aws.client("s3", aws.admin_keys)
    admin.create_bucket(Bucket="someone-elses", CreateBucketConfiguration={"LocationConstraint": aws.region})
    admin.put_object(Bucket="someone-elses", Key="k", Body=b"secret")
    api = aws.client("s3", aws.api_keys)
    for call in (
        lambda: api.get_object(Bucket="someone-elses", Key="k"),
        lambda: api.list_objects_v2(Bucket="someone-elses"),
        lambda: api.delete_object(Bucket="someone-elses", Key="k"),
    ):
        with pytest.raises(ClientError) as denied:
            call()
        assert denied.value.response["Error"]["Code"] == "AccessDenied"


def test_presigned_urls_are_why_operations_are_signed_directly(aws):
    """moto answers 500 to any presigned URL while enforcing IAM; should that change, presigned traffic can
    be checked here too and the local environment can run enforced."""
    import requests

    aws.client("s3", aws.admin_keys).put_object(Bucket=aws.bucket, Key="presigned/probe", Body=b"x")
    url = aws.client("s3", aws.api_keys).generate_presigned_url(
        "get_object", Params={"Bucket": aws.bucket, "Key": "presigned/probe"}
    )
    assert requests.get(url, timeout=10).status_code == 500
