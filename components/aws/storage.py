"""DandisetStorage: the data bucket with DANDI's layout plus its access-log and inventory buckets, declared
from the storage set (components/documents/storage.py), the same set the local environment applies to moto."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

import pulumi
import pulumi_aws as aws

from components.aws.args import inventory_args, snake_keys
from components.documents.storage import BucketDocuments, Principals, StorageSet


@dataclass
class DandisetStorageArgs:
    """The storage set to declare, plus what its late-bound principals resolve from (Pulumi inputs)."""

    documents: StorageSet
    account_id: pulumi.Input[str]
    api_principal_arn: pulumi.Input[str]
    embargo_reader_arns: Sequence[pulumi.Input[str]]
    protect: bool
    force_destroy: bool
    tags: dict[str, str] = field(default_factory=dict)


class DandisetStorage(pulumi.ComponentResource):
    """Three buckets, each encrypted, owner-enforced, TLS-only; the data bucket versioned, embargo, CORS."""

    data_bucket: aws.s3.Bucket
    log_bucket: aws.s3.Bucket
    inventory_bucket: aws.s3.Bucket

    def __init__(self, name: str, args: DandisetStorageArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("dandi:storage:DandisetStorage", name, None, opts)
        self._name = name
        self._args = args
        docs = args.documents
        child = pulumi.ResourceOptions(parent=self)
        kept = pulumi.ResourceOptions(parent=self, protect=args.protect, retain_on_delete=args.protect)

        self.log_bucket = self._bucket("logs", docs.log.bucket, kept)
        self.inventory_bucket = self._bucket("inventory", docs.inventory.bucket, kept)
        self.data_bucket = self._bucket("data", docs.data.bucket, kept)

        self._settings("logs", self.log_bucket, docs.log, self._policy(docs.log))
        self._settings("inventory", self.inventory_bucket, docs.inventory, self._policy(docs.inventory))
        versioning = aws.s3.BucketVersioning(
            f"{name}-data-versioning",
            bucket=self.data_bucket.id,
            versioning_configuration=snake_keys(docs.data.versioning),
            opts=child,
        )
        self._settings(
            "data",
            self.data_bucket,
            docs.data,
            self._policy(docs.data),
            lifecycle_after=[versioning],
        )
        assert docs.data.cors is not None
        assert docs.data.logging is not None
        aws.s3.BucketCorsConfiguration(
            f"{name}-data-cors",
            bucket=self.data_bucket.id,
            cors_rules=snake_keys(docs.data.cors["CORSRules"]),
            opts=child,
        )
        logging_args = snake_keys(docs.data.logging["LoggingEnabled"])
        logging_args["target_bucket"] = self.log_bucket.id
        aws.s3.BucketLogging(f"{name}-data-logging", bucket=self.data_bucket.id, **logging_args, opts=child)
        for doc in docs.data.inventories:
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

    def _policy(self, docs: BucketDocuments) -> pulumi.Output[str]:
        """The bucket's policy once its principals resolve; only one naming identities waits for them."""
        args = self._args
        if not docs.needs_identities:
            return pulumi.Output.from_input(args.account_id).apply(
                lambda account: json.dumps(docs.policy(Principals(account_id=account)))
            )
        return pulumi.Output.all(
            account=args.account_id,
            api=args.api_principal_arn,
            readers=pulumi.Output.all(*args.embargo_reader_arns),
        ).apply(
            lambda v: json.dumps(
                docs.policy(
                    Principals(
                        account_id=v["account"], api_principal_arn=v["api"], embargo_reader_arns=v["readers"]
                    )
                )
            )
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
        docs: BucketDocuments,
        policy: pulumi.Input[str],
        *,
        lifecycle_after: Sequence[pulumi.Resource] = (),
    ) -> None:
        """What every bucket gets: SSE, owner-enforced ownership, access block, policy, lifecycle."""
        name = f"{self._name}-{key}"
        child = pulumi.ResourceOptions(parent=self)
        ownership = aws.s3.BucketOwnershipControls(
            f"{name}-ownership",
            bucket=bucket.id,
            rule=snake_keys(docs.ownership["Rules"][0]),
            opts=child,
        )
        access_block = aws.s3.BucketPublicAccessBlock(
            f"{name}-access-block",
            bucket=bucket.id,
            **snake_keys(docs.public_access_block),
            opts=child,
        )
        aws.s3.BucketServerSideEncryptionConfiguration(
            f"{name}-encryption",
            bucket=bucket.id,
            rules=snake_keys(docs.encryption["Rules"]),
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
            rules=snake_keys(docs.lifecycle["Rules"]),
            opts=pulumi.ResourceOptions(parent=self, depends_on=list(lifecycle_after)),
        )
