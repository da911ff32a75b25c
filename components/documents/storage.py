"""The storage set: every document of an environment's three buckets, assembled once.

Both consumers take this one set: the DandisetStorage component declares it to AWS and the local runtime
applies it to moto. What only exists once the identities do (account id, the API's and the readers' ARNs) is
bound late through `Principals`, so the component resolves it from Pulumi outputs and the local runtime from
moto's fixed account, through the same functions.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from components.documents import bucket_policy, bucket_settings, cors, inventory, lifecycle


@dataclass(frozen=True)
class Principals:
    """Who the policies name: known only once the account and the identities exist."""

    account_id: str
    api_principal_arn: str = ""  # only the data bucket's policy names identities (see needs_identities)
    embargo_reader_arns: Sequence[str] = ()


@dataclass(frozen=True)
class BucketDocuments:
    """The API-shaped documents of one bucket; None where the bucket does not get that setting.

    `inventories` name no destination account: `inventories_for` adds it once the account is known."""

    bucket: str
    encryption: dict[str, Any]
    ownership: dict[str, Any]
    public_access_block: dict[str, Any]
    lifecycle: dict[str, Any]
    policy_for: Callable[[Principals], dict[str, Any]] = field(repr=False, compare=False)
    versioning: dict[str, Any] | None = None
    cors: dict[str, Any] | None = None
    logging: dict[str, Any] | None = None
    inventories: list[dict[str, Any]] = field(default_factory=list)
    needs_identities: bool = False  # the policy names the API and reader identities, not just the account

    def policy(self, principals: Principals) -> dict[str, Any]:
        return self.policy_for(principals)

    def inventories_for(self, account_id: str) -> list[dict[str, Any]]:
        configs = copy.deepcopy(self.inventories)
        for config in configs:
            config["Destination"]["S3BucketDestination"]["AccountId"] = account_id
        return configs


@dataclass(frozen=True)
class StorageSet:
    """Log and inventory buckets come first: the data bucket's logging and inventories point at them."""

    log: BucketDocuments
    inventory: BucketDocuments
    data: BucketDocuments

    @property
    def buckets(self) -> list[BucketDocuments]:
        return [self.log, self.inventory, self.data]


def storage_set(
    *,
    data_bucket: str,
    log_bucket: str,
    inventory_bucket: str,
    public: bool,
    write_origins: Sequence[str],
    blob_noncurrent_days: int,
    zarr_noncurrent_days: int,
    manifest_noncurrent_days: int,
    abort_multipart_days: int,
    log_retention_days: int | None,
    inventory_frequency: str,
) -> StorageSet:
    return StorageSet(
        log=_bucket(
            log_bucket,
            public=False,
            policy_for=lambda p: bucket_policy.log_bucket_policy(
                log_bucket=log_bucket, source_bucket=data_bucket, source_account_id=p.account_id
            ),
            lifecycle_doc=lifecycle.expiring_bucket_lifecycle(
                retention_days=log_retention_days, abort_multipart_days=abort_multipart_days
            ),
        ),
        inventory=_bucket(
            inventory_bucket,
            public=False,
            policy_for=lambda p: bucket_policy.inventory_bucket_policy(
                inventory_bucket=inventory_bucket,
                source_buckets=[data_bucket],
                source_account_id=p.account_id,
            ),
            lifecycle_doc=lifecycle.expiring_bucket_lifecycle(
                retention_days=None, abort_multipart_days=abort_multipart_days
            ),
        ),
        data=_bucket(
            data_bucket,
            public=public,
            policy_for=lambda p: bucket_policy.data_bucket_policy(
                bucket=data_bucket,
                api_principal_arn=p.api_principal_arn,
                embargo_reader_arns=p.embargo_reader_arns,
                public=public,
            ),
            lifecycle_doc=lifecycle.data_bucket_lifecycle(
                blob_noncurrent_days=blob_noncurrent_days,
                zarr_noncurrent_days=zarr_noncurrent_days,
                manifest_noncurrent_days=manifest_noncurrent_days,
                abort_multipart_days=abort_multipart_days,
            ),
            versioning=bucket_settings.versioning(),
            cors=cors.data_bucket_cors(public=public, write_origins=write_origins),
            logging=bucket_settings.access_logging(target_bucket=log_bucket, source_bucket=data_bucket),
            inventories=inventory.data_bucket_inventories(
                inventory_bucket=inventory_bucket, source_bucket=data_bucket, frequency=inventory_frequency
            ),
            needs_identities=True,
        ),
    )


def _bucket(
    bucket: str,
    *,
    public: bool,
    policy_for: Callable[[Principals], dict[str, Any]],
    lifecycle_doc: dict[str, Any],
    **data_bucket_only: Any,
) -> BucketDocuments:
    """What every bucket gets: SSE, owner-enforced ownership, its public access block, policy, lifecycle."""
    return BucketDocuments(
        bucket=bucket,
        encryption=bucket_settings.server_side_encryption(),
        ownership=bucket_settings.ownership_controls(),
        public_access_block=bucket_settings.public_access_block(public=public),
        policy_for=policy_for,
        lifecycle=lifecycle_doc,
        **data_bucket_only,
    )
