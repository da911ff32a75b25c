"""DandisetStorage: the data bucket with DANDI's layout plus its access-log and inventory buckets."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pulumi
import pulumi_aws as aws

from components.aws_args import inventory_args, snake_keys
from components.documents import bucket_policy, bucket_settings, cors, inventory, lifecycle
from components.documents.storage_set import storage_inputs

if TYPE_CHECKING:
    from stacks.config import EnvironmentConfig


@dataclass
class DandisetStorageArgs:
    data_bucket: str
    log_bucket: str
    inventory_bucket: str
    account_id: pulumi.Input[str]
    api_principal_arn: pulumi.Input[str]
    embargo_reader_arns: Sequence[pulumi.Input[str]]
    public: bool
    write_origins: Sequence[str]
    blob_noncurrent_days: int
    zarr_noncurrent_days: int
    manifest_noncurrent_days: int
    abort_multipart_days: int
    log_retention_days: int | None
    inventory_frequency: str
    protect: bool
    force_destroy: bool
    tags: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_config(
        cls,
        config: EnvironmentConfig,
        *,
        account_id: pulumi.Input[str],
        api_principal_arn: pulumi.Input[str],
        reader_arns: Sequence[pulumi.Input[str]] = (),
    ) -> DandisetStorageArgs:
        return cls(
            **storage_inputs(
                config, account_id=account_id, api_principal_arn=api_principal_arn, reader_arns=reader_arns
            ),
            protect=config.storage.protect,
            force_destroy=config.storage.force_destroy,
            tags=dict(config.tags),
        )


class DandisetStorage(pulumi.ComponentResource):
    """Three buckets, each encrypted, owner-enforced, TLS-only; the data bucket versioned, embargo, CORS."""

    data_bucket: aws.s3.Bucket
    log_bucket: aws.s3.Bucket
    inventory_bucket: aws.s3.Bucket

    def __init__(self, name: str, args: DandisetStorageArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("dandi:storage:DandisetStorage", name, None, opts)
        self._name = name
        self._args = args
        child = pulumi.ResourceOptions(parent=self)
        kept = pulumi.ResourceOptions(parent=self, protect=args.protect, retain_on_delete=args.protect)

        self.log_bucket = self._bucket("logs", args.log_bucket, kept)
        self.inventory_bucket = self._bucket("inventory", args.inventory_bucket, kept)
        self.data_bucket = self._bucket("data", args.data_bucket, kept)

        self._settings(
            "logs",
            self.log_bucket,
            public=False,
            policy=pulumi.Output.from_input(args.account_id).apply(
                lambda account: json.dumps(
                    bucket_policy.log_bucket_policy(
                        log_bucket=args.log_bucket, source_bucket=args.data_bucket, source_account_id=account
                    )
                )
            ),
            lifecycle_doc=lifecycle.expiring_bucket_lifecycle(
                retention_days=args.log_retention_days, abort_multipart_days=args.abort_multipart_days
            ),
        )
        self._settings(
            "inventory",
            self.inventory_bucket,
            public=False,
            policy=pulumi.Output.from_input(args.account_id).apply(
                lambda account: json.dumps(
                    bucket_policy.inventory_bucket_policy(
                        inventory_bucket=args.inventory_bucket,
                        source_buckets=[args.data_bucket],
                        source_account_id=account,
                    )
                )
            ),
            lifecycle_doc=lifecycle.expiring_bucket_lifecycle(
                retention_days=None, abort_multipart_days=args.abort_multipart_days
            ),
        )

        versioning = aws.s3.BucketVersioning(
            f"{name}-data-versioning",
            bucket=self.data_bucket.id,
            versioning_configuration=snake_keys(bucket_settings.versioning()),
            opts=child,
        )
        data_policy = pulumi.Output.all(
            api=args.api_principal_arn, readers=pulumi.Output.all(*args.embargo_reader_arns)
        ).apply(
            lambda v: json.dumps(
                bucket_policy.data_bucket_policy(
                    bucket=args.data_bucket,
                    api_principal_arn=v["api"],
                    embargo_reader_arns=v["readers"],
                    public=args.public,
                )
            )
        )
        self._settings(
            "data",
            self.data_bucket,
            public=args.public,
            policy=data_policy,
            lifecycle_doc=lifecycle.data_bucket_lifecycle(
                blob_noncurrent_days=args.blob_noncurrent_days,
                zarr_noncurrent_days=args.zarr_noncurrent_days,
                manifest_noncurrent_days=args.manifest_noncurrent_days,
                abort_multipart_days=args.abort_multipart_days,
            ),
            lifecycle_after=[versioning],
        )
        aws.s3.BucketCorsConfiguration(
            f"{name}-data-cors",
            bucket=self.data_bucket.id,
            cors_rules=snake_keys(
                cors.data_bucket_cors(public=args.public, write_origins=args.write_origins)["CORSRules"]
            ),
            opts=child,
        )
        logging_doc = bucket_settings.access_logging(
            target_bucket=args.log_bucket, source_bucket=args.data_bucket
        )
        logging_args = snake_keys(logging_doc["LoggingEnabled"])
        logging_args["target_bucket"] = self.log_bucket.id
        aws.s3.BucketLogging(f"{name}-data-logging", bucket=self.data_bucket.id, **logging_args, opts=child)
        for doc in inventory.data_bucket_inventories(
            inventory_bucket=args.inventory_bucket,
            source_bucket=args.data_bucket,
            frequency=args.inventory_frequency,
        ):
            inv = inventory_args(doc)
            inv["destination"]["bucket"]["account_id"] = args.account_id
            inv["destination"]["bucket"]["bucket_arn"] = self.inventory_bucket.arn
            aws.s3.Inventory(f"{name}-data-{doc['Id']}", bucket=self.data_bucket.id, **inv, opts=child)

        self.data_bucket_name = self.data_bucket.bucket
        self.data_bucket_arn = self.data_bucket.arn
        self.log_bucket_name = self.log_bucket.bucket
        self.inventory_bucket_name = self.inventory_bucket.bucket
        self.register_outputs(
            {
                "data_bucket_name": self.data_bucket_name,
                "data_bucket_arn": self.data_bucket_arn,
                "log_bucket_name": self.log_bucket_name,
                "inventory_bucket_name": self.inventory_bucket_name,
            }
        )

    def _bucket(self, key: str, bucket: str, opts: pulumi.ResourceOptions) -> aws.s3.Bucket:
        return aws.s3.Bucket(
            f"{self._name}-{key}",
            bucket=bucket,
            force_destroy=self._args.force_destroy,
            tags=self._args.tags,
            opts=opts,
        )

    def _settings(
        self,
        key: str,
        bucket: aws.s3.Bucket,
        *,
        public: bool,
        policy: pulumi.Input[str],
        lifecycle_doc: dict[str, Any],
        lifecycle_after: Sequence[pulumi.Resource] = (),
    ) -> None:
        """What every bucket gets: SSE, owner-enforced ownership, access block, policy, lifecycle."""
        name = f"{self._name}-{key}"
        child = pulumi.ResourceOptions(parent=self)
        ownership = aws.s3.BucketOwnershipControls(
            f"{name}-ownership",
            bucket=bucket.id,
            rule=snake_keys(bucket_settings.ownership_controls()["Rules"][0]),
            opts=child,
        )
        access_block = aws.s3.BucketPublicAccessBlock(
            f"{name}-access-block",
            bucket=bucket.id,
            **snake_keys(bucket_settings.public_access_block(public=public)),
            opts=child,
        )
        aws.s3.BucketServerSideEncryptionConfiguration(
            f"{name}-encryption",
            bucket=bucket.id,
            rules=snake_keys(bucket_settings.server_side_encryption()["Rules"]),
            opts=child,
        )
        aws.s3.BucketPolicy(
            f"{name}-policy",
            bucket=bucket.id,
            policy=policy,
            opts=pulumi.ResourceOptions(parent=self, depends_on=[access_block, ownership]),
        )
        aws.s3.BucketLifecycleConfiguration(
            f"{name}-lifecycle",
            bucket=bucket.id,
            rules=snake_keys(lifecycle_doc["Rules"]),
            opts=pulumi.ResourceOptions(parent=self, depends_on=list(lifecycle_after)),
        )
