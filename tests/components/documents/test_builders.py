"""The pure document builders: plain values in, AWS-API-shaped dicts out."""

import json

import pytest

from components.documents import bucket_policy, bucket_settings, cors, iam_policy, inventory, lifecycle
from components.documents.storage import Principals
from stacks.config.model import local_environment
from stacks.documents import environment_storage_set

API = "arn:aws:iam::123456789012:user/exarch-prod-api"
READER = "arn:aws:iam::123456789012:user/exarch-prod-reader-backup"


def statement(policy, sid):
    return next(s for s in policy["Statement"] if s["Sid"] == sid)


def test_data_policy_denies_embargoed_objects_to_all_but_api_and_readers():
    policy = bucket_policy.data_bucket_policy(
        bucket="b", api_principal_arn=API, embargo_reader_arns=[READER], public=True
    )
    deny = statement(policy, "DenyEmbargoedObjects")
    assert deny["Effect"] == "Deny"
    assert deny["Action"] == "s3:*"
    assert deny["Resource"] == "arn:aws:s3:::b/*"
    assert deny["Condition"]["StringEquals"] == {"s3:ExistingObjectTag/embargoed": "true"}
    assert deny["Condition"]["ArnNotEquals"]["aws:PrincipalArn"] == sorted([API, READER])


def test_data_policy_is_tls_only_and_forbids_version_deletes():
    policy = bucket_policy.data_bucket_policy(bucket="b", api_principal_arn=API, public=False)
    tls = statement(policy, "DenyInsecureTransport")
    assert tls["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    assert tls["Resource"] == ["arn:aws:s3:::b", "arn:aws:s3:::b/*"]
    assert statement(policy, "PreventDeletionOfObjectVersions")["Action"] == "s3:DeleteObjectVersion"


def test_public_read_only_when_data_is_open():
    open_sids = {
        s["Sid"]
        for s in bucket_policy.data_bucket_policy(bucket="b", api_principal_arn=API, public=True)["Statement"]
    }
    closed_sids = {
        s["Sid"]
        for s in bucket_policy.data_bucket_policy(bucket="b", api_principal_arn=API, public=False)[
            "Statement"
        ]
    }
    assert {"PublicListBucket", "PublicReadObjects"} <= open_sids
    assert not {"PublicListBucket", "PublicReadObjects"} & closed_sids
    assert bucket_settings.public_access_block(public=True)["BlockPublicPolicy"] is False
    assert all(bucket_settings.public_access_block(public=False).values())


def test_cors_reads_from_anywhere_writes_only_from_named_origins():
    doc = cors.data_bucket_cors(
        public=True, write_origins=["https://example-archive.org", "https://neurosift.app"]
    )
    read, write = doc["CORSRules"]
    assert read["AllowedOrigins"] == ["*"]
    assert set(read["AllowedMethods"]) == {"GET", "HEAD"}
    assert write["AllowedOrigins"] == ["https://example-archive.org", "https://neurosift.app"]
    assert {"PUT", "POST", "DELETE"} <= set(write["AllowedMethods"])
    assert all(rule["ExposeHeaders"] == ["ETag"] for rule in doc["CORSRules"])
    assert [
        r["ID"] for r in cors.data_bucket_cors(public=False, write_origins=["https://x.org"])["CORSRules"]
    ] == ["WebUiWrite"]
    with pytest.raises(ValueError, match="web UI origin"):
        cors.data_bucket_cors(public=True, write_origins=[])


def test_lifecycle_trailing_delete_manifests_and_multipart_abort():
    rules = {
        r["ID"]: r
        for r in lifecycle.data_bucket_lifecycle(
            blob_noncurrent_days=30,
            zarr_noncurrent_days=14,
            manifest_noncurrent_days=1,
            abort_multipart_days=7,
        )["Rules"]
    }
    blobs = rules["BlobsTrailingDelete"]
    assert blobs["Filter"] == {"Prefix": "blobs/"}
    assert blobs["NoncurrentVersionExpiration"] == {"NoncurrentDays": 30}
    assert blobs["Expiration"] == {"ExpiredObjectDeleteMarker": True}
    assert rules["ZarrTrailingDelete"]["NoncurrentVersionExpiration"] == {"NoncurrentDays": 14}
    assert (
        rules["ManifestsKeepNewestNoncurrent"]["NoncurrentVersionExpiration"]["NewerNoncurrentVersions"] == 1
    )
    assert rules["AbortIncompleteMultipartUploads"]["AbortIncompleteMultipartUpload"] == {
        "DaysAfterInitiation": 7
    }


def test_inventories_cover_blobs_and_zarr_daily_all_versions():
    configs = inventory.data_bucket_inventories(inventory_bucket="inv", source_bucket="data")
    assert [c["Filter"]["Prefix"] for c in configs] == ["blobs/", "zarr/"]
    assert all(
        c["IncludedObjectVersions"] == "All" and c["Schedule"] == {"Frequency": "Daily"} for c in configs
    )
    assert configs[0]["Destination"]["S3BucketDestination"]["Bucket"] == "arn:aws:s3:::inv"


def test_api_policy_has_only_the_apps_actions_on_its_own_bucket():
    policy = iam_policy.api_user_policy(bucket="data")
    actions = {a for s in policy["Statement"] for a in s["Action"]}
    assert actions == {
        "s3:ListBucket",
        "s3:GetObject",
        "s3:PutObject",
        "s3:DeleteObject",
        "s3:PutObjectTagging",
        "s3:DeleteObjectTagging",
        "s3:AbortMultipartUpload",
    }
    assert not any("*" in a for a in actions)
    assert {r for s in policy["Statement"] for r in [s["Resource"]]} == {
        "arn:aws:s3:::data",
        "arn:aws:s3:::data/*",
    }


def test_log_and_inventory_policies_name_the_service_source_account_and_bucket():
    log = bucket_policy.log_bucket_policy(
        log_bucket="logs", source_bucket="data", source_account_id="123456789012"
    )
    allow = statement(log, "S3ServerAccessLogsPolicy")
    assert allow["Principal"] == {"Service": "logging.s3.amazonaws.com"}
    assert allow["Condition"]["ArnLike"] == {"aws:SourceArn": "arn:aws:s3:::data"}
    assert allow["Condition"]["StringEquals"] == {"aws:SourceAccount": "123456789012"}
    inv = bucket_policy.inventory_bucket_policy(
        inventory_bucket="inv", source_buckets=["data"], source_account_id="123456789012"
    )
    assert statement(inv, "InventoryDelivery")["Condition"]["ArnLike"] == {
        "aws:SourceArn": ["arn:aws:s3:::data"]
    }
    assert "DenyInsecureTransport" in {s["Sid"] for s in log["Statement"] + inv["Statement"]}


def test_environment_documents_are_json_serialisable_and_every_bucket_is_encrypted():
    principals = Principals(account_id="123456789012", api_principal_arn=API)
    docs = environment_storage_set(local_environment()).buckets
    assert [d.bucket for d in docs] == [
        "dandi-local-dandiset-logs",
        "dandi-local-inventory",
        "dandi-local-dandisets",
    ]
    for doc in docs:
        json.dumps({**doc.__dict__, "policy_for": doc.policy(principals)})
        json.dumps(doc.inventories_for(principals.account_id))
        assert doc.encryption == bucket_settings.server_side_encryption()
        assert doc.ownership == {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
    assert docs[2].cors["CORSRules"][-1]["AllowedOrigins"] == ["http://localhost"]
