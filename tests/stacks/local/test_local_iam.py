"""The local environment's S3 API with IAM enforced: the app's key is held to its policy, as on AWS.

moto checks every request signed in its Authorization header (all of the app's own calls); presigned URLs and
anonymous reads pass unchecked, since moto cannot evaluate them while enforcing (stacks/local/moto_server.py).
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import pytest
import requests
from botocore.exceptions import ClientError

from stacks.local import buckets, s3
from stacks.local.ports import free_port

pytestmark = pytest.mark.integration


@pytest.fixture
def enforced(tmp_path) -> Iterator[tuple[int, buckets.LocalStorage, object]]:
    port = free_port()
    proc = subprocess.Popen(s3.server_argv(port), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        s3.wait_ready(port, timeout=30)
        storage = buckets.provision(port, buckets.local_config("http://127.0.0.1:8123"))
        key = s3.issue_api_key(port, region=storage.region, user=storage.api_user)
        s3.write_credentials(tmp_path / "aws-credentials", key)
        s3.enforce(port, on=True)
        yield port, storage, key
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def app_client(port, storage, key):
    import boto3
    from botocore.config import Config

    return boto3.client(
        "s3",
        endpoint_url=s3.endpoint(port),
        region_name=storage.region,
        aws_access_key_id=key[0],
        aws_secret_access_key=key[1],
        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
    )


def code(call) -> str:
    with pytest.raises(ClientError) as err:
        call()
    return err.value.response["Error"]["Code"]


def test_the_apps_key_is_held_to_its_policy(enforced):
    port, storage, key = enforced
    app = app_client(port, storage, key)
    app.put_object(Bucket=storage.data_bucket, Key="blobs/abc/def", Body=b"data", Tagging="embargoed=true")
    assert app.get_object(Bucket=storage.data_bucket, Key="blobs/abc/def")["Body"].read() == b"data"
    app.delete_object_tagging(Bucket=storage.data_bucket, Key="blobs/abc/def")
    log_bucket = storage.buckets[0]
    assert code(lambda: app.list_objects_v2(Bucket=log_bucket)) == "AccessDenied"
    assert code(lambda: app.put_bucket_policy(Bucket=storage.data_bucket, Policy="{}")) == "AccessDenied"


def test_presigned_urls_pass_and_the_setup_key_is_refused_until_enforcement_is_off(enforced):
    port, storage, key = enforced
    app = app_client(port, storage, key)
    app.put_object(Bucket=storage.data_bucket, Key="blobs/abc/ghi", Body=b"x")
    url = app.generate_presigned_url(
        "get_object", Params={"Bucket": storage.data_bucket, "Key": "blobs/abc/ghi"}
    )
    assert requests.get(url, timeout=10).content == b"x"
    setup = s3._client("s3", port, storage.region)
    assert code(lambda: setup.list_objects_v2(Bucket=storage.data_bucket)) == "InvalidAccessKeyId"
    s3.enforce(port, on=False)
    assert setup.list_objects_v2(Bucket=storage.data_bucket)["KeyCount"] == 1


def test_the_credentials_file_is_owner_only(enforced, tmp_path):
    _port, _storage, key = enforced
    path = tmp_path / "aws-credentials"
    assert path.stat().st_mode & 0o777 == 0o600
    assert key[0] in path.read_text()
