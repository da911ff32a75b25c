"""The stack program rendered under mocks for staging, prod and a sandbox: the properties the issue requires."""

import json

import pytest

from stacks.config.model import validate_environment
from stacks.plan.render import Secret

BUCKET = "aws:s3/bucket:Bucket"
SANDBOX = {
    "name": "sandbox-alice",
    "prefix": "exarch",
    "domain": "alice.sandbox.example-archive.org",
    "sandbox": {"owner": "alice", "ttl_hours": 48, "created": "2026-11-25T07:00:00Z"},
    "dns": {"parent_zone_id": "Z04517273EXAMPLEPROD"},
    "identity": {"embargo_readers": ["arn:aws:iam::210987654321:user/backups2datalad"]},
}
ENVIRONMENTS = ["staging", "prod", "sandbox"]


@pytest.fixture(params=ENVIRONMENTS)
def rendered(request, render_stack):
    if request.param == "sandbox":
        return render_stack(validate_environment(SANDBOX, source="test"))
    return render_stack(request.param)


def settings_of(rendering, bucket, type_):
    """The settings resources of one bucket (they reference the bucket by its mock id, the bucket name)."""
    name = bucket.inputs["bucket"]
    return [r for r in rendering.of_type(type_) if r.inputs.get("bucket") == name]


def policy_of(rendering, bucket):
    (policy,) = settings_of(rendering, bucket, "aws:s3/bucketPolicy:BucketPolicy")
    return json.loads(policy.inputs["policy"])


def test_every_bucket_has_sse_tls_only_deny_and_ownership_enforced(rendered):
    buckets = rendered.of_type(BUCKET)
    assert len(buckets) == 3
    for bucket in buckets:
        (sse,) = settings_of(
            rendered,
            bucket,
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        )
        algorithm = sse.inputs["rules"][0]["applyServerSideEncryptionByDefault"]["sseAlgorithm"]
        assert algorithm == "AES256", bucket.urn
        (ownership,) = settings_of(rendered, bucket, "aws:s3/bucketOwnershipControls:BucketOwnershipControls")
        assert ownership.inputs["rule"]["objectOwnership"] == "BucketOwnerEnforced", bucket.urn
        tls = [
            s
            for s in policy_of(rendered, bucket)["Statement"]
            if s["Effect"] == "Deny" and s.get("Condition") == {"Bool": {"aws:SecureTransport": "false"}}
        ]
        assert tls, bucket.urn
        assert tls[0]["Action"] == "s3:*", bucket.urn


def test_embargo_deny_names_the_api_identity(rendered):
    data = rendered.named("storage-data")
    api_arn = rendered.outputs["api_user_arn"]
    (deny,) = [s for s in policy_of(rendered, data)["Statement"] if s["Sid"] == "DenyEmbargoedObjects"]
    assert deny["Effect"] == "Deny"
    assert deny["Action"] == "s3:*"
    assert deny["Condition"]["StringEquals"] == {"s3:ExistingObjectTag/embargoed": "true"}
    assert api_arn in deny["Condition"]["ArnNotEquals"]["aws:PrincipalArn"], data.urn


def test_iam_policies_have_no_wildcard_action(rendered):
    policies = rendered.of_type("aws:iam/userPolicy:UserPolicy")
    assert policies
    for policy in policies:
        for statement in json.loads(policy.inputs["policy"])["Statement"]:
            actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
            assert not [a for a in actions if "*" in a], policy.urn
            assert "*" not in str(statement["Resource"]).replace("/*", ""), policy.urn


def test_names_follow_the_prefix_and_environment(rendered):
    stem = f"exarch-{rendered.stack}"
    assert sorted(b.inputs["bucket"] for b in rendered.of_type(BUCKET)) == sorted(
        [f"{stem}-dandisets", f"{stem}-dandiset-logs", f"{stem}-inventory"]
    )
    for user in rendered.of_type("aws:iam/user:User"):
        assert user.inputs["name"].startswith(f"{stem}-"), user.urn


def test_outputs_are_exported_and_the_secret_key_is_secret(rendered):
    assert set(rendered.outputs) >= {
        "data_bucket_name",
        "data_bucket_arn",
        "log_bucket_name",
        "inventory_bucket_name",
        "zone_id",
        "name_servers",
        "api_access_key_id",
        "api_secret_access_key",
        "api_user_arn",
    }
    assert rendered.outputs["data_bucket_arn"] == f"arn:aws:s3:::exarch-{rendered.stack}-dandisets"
    assert isinstance(rendered.outputs["api_secret_access_key"], Secret)
    assert not isinstance(rendered.outputs["api_access_key_id"], Secret)
    assert len(rendered.outputs["name_servers"]) == 4


def test_components_parent_their_children_and_use_the_stack_provider(rendered):
    components = {r.type: r for r in rendered.resources if not r.custom}
    assert {"dandi:storage:DandisetStorage", "dandi:identity:ApiIdentity", "dandi:dns:Dns"} <= set(components)
    (provider,) = rendered.of_type("pulumi:providers:aws")
    for resource in rendered.resources:
        if resource.type.startswith("aws:"):
            assert resource.parent in {c.urn for c in components.values()}, resource.urn
            assert resource.provider == f"{provider.urn}::aws-id", resource.urn


def test_prod_data_is_protected_and_retained(render_stack):
    prod = render_stack("prod")
    for bucket in prod.of_type(BUCKET):
        assert bucket.protect, bucket.urn
        assert bucket.retain_on_delete, bucket.urn
        assert bucket.inputs["forceDestroy"] is False, bucket.urn
    assert prod.named("dns-zone").protect


@pytest.mark.parametrize("env", ["staging", "sandbox"])
def test_non_prod_buckets_force_destroy_and_are_not_protected(render_stack, env):
    rendered = render_stack(validate_environment(SANDBOX, source="test") if env == "sandbox" else env)
    for bucket in rendered.of_type(BUCKET):
        assert bucket.inputs["forceDestroy"] is True, bucket.urn
        assert not bucket.protect, bucket.urn
        assert not bucket.retain_on_delete, bucket.urn


def test_public_data_gets_public_read_and_an_open_access_block(render_stack):
    prod = render_stack("prod")
    data = prod.named("storage-data")
    sids = {s["Sid"] for s in policy_of(prod, data)["Statement"]}
    assert {"PublicListBucket", "PublicReadObjects", "PreventDeletionOfObjectVersions"} <= sids
    (block,) = settings_of(prod, data, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")
    assert block.inputs["blockPublicPolicy"] is False
    assert block.inputs["blockPublicAcls"] is True
    assert "storage-data-access-block" in str(prod.named("storage-data-policy").dependencies)


def test_private_data_blocks_all_public_access(render_stack):
    private = validate_environment({**SANDBOX, "storage": {"public": False}}, source="test")
    rendered = render_stack(private)
    data = rendered.named("storage-data")
    assert not {"PublicListBucket", "PublicReadObjects"} & {
        s["Sid"] for s in policy_of(rendered, data)["Statement"]
    }
    (block,) = settings_of(rendered, data, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")
    assert all(
        block.inputs[k] is True
        for k in ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")
    )


def test_sandbox_delegates_its_zone_and_carries_owner_tags(render_stack):
    sandbox = render_stack(validate_environment(SANDBOX, source="test"))
    delegation = sandbox.named("dns-delegation")
    assert delegation.inputs["zoneId"] == "Z04517273EXAMPLEPROD"
    assert delegation.inputs["type"] == "NS"
    assert delegation.inputs["records"] == sandbox.outputs["name_servers"]
    (provider,) = sandbox.of_type("pulumi:providers:aws")
    tags = json.loads(provider.inputs["defaultTags"])["tags"]
    assert tags["dandi-stack:owner"] == "alice"
    assert tags["dandi-stack:ttl-hours"] == "48"
    embargo = next(
        s
        for s in policy_of(sandbox, sandbox.named("storage-data"))["Statement"]
        if s["Sid"] == "DenyEmbargoedObjects"
    )
    assert (
        "arn:aws:iam::210987654321:user/backups2datalad"
        in embargo["Condition"]["ArnNotEquals"]["aws:PrincipalArn"]
    )


def test_data_bucket_has_versioning_cors_logging_lifecycle_and_inventories(render_stack):
    prod = render_stack("prod")
    assert prod.named("storage-data-versioning").inputs["versioningConfiguration"] == {"status": "Enabled"}
    cors = prod.named("storage-data-cors").inputs["corsRules"]
    assert cors[-1]["allowedOrigins"] == ["https://example-archive.org", "https://neurosift.app"]
    logging = prod.named("storage-data-logging").inputs
    assert logging["targetBucket"] == "exarch-prod-dandiset-logs"
    assert logging["targetObjectKeyFormat"] == {"partitionedPrefix": {"partitionDateSource": "EventTime"}}
    rules = {r["id"]: r for r in prod.named("storage-data-lifecycle").inputs["rules"]}
    assert rules["BlobsTrailingDelete"]["noncurrentVersionExpiration"]["noncurrentDays"] == 30
    assert (
        rules["AbortIncompleteMultipartUploads"]["abortIncompleteMultipartUpload"]["daysAfterInitiation"] == 7
    )
    inventories = prod.of_type("aws:s3/inventory:Inventory")
    assert sorted(i.inputs["filter"]["prefix"] for i in inventories) == ["blobs/", "zarr/"]
    assert {i.inputs["destination"]["bucket"]["bucketArn"] for i in inventories} == {
        "arn:aws:s3:::exarch-prod-inventory"
    }
