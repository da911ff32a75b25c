"""Every document of an environment's three buckets at once, for callers that apply them all."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from components.documents import bucket_policy, bucket_settings, cors, inventory, lifecycle

if TYPE_CHECKING:
    from stacks.config import EnvironmentConfig


@dataclass(frozen=True)
class BucketDocuments:
    """The API-shaped documents of one bucket; None where the bucket does not get that setting."""

    bucket: str
    encryption: dict[str, Any]
    ownership: dict[str, Any]
    public_access_block: dict[str, Any]
    policy: dict[str, Any]
    lifecycle: dict[str, Any]
    versioning: dict[str, Any] | None = None
    cors: dict[str, Any] | None = None
    logging: dict[str, Any] | None = None
    inventories: list[dict[str, Any]] = field(default_factory=list)


def storage_documents(
    *,
    data_bucket: str,
    log_bucket: str,
    inventory_bucket: str,
    account_id: str,
    api_principal_arn: str,
    embargo_reader_arns: Sequence[str],
    public: bool,
    write_origins: Sequence[str],
    blob_noncurrent_days: int,
    zarr_noncurrent_days: int,
    manifest_noncurrent_days: int,
    abort_multipart_days: int,
    log_retention_days: int | None,
    inventory_frequency: str,
) -> list[BucketDocuments]:
    """Log and inventory buckets first: the data bucket's logging and inventories point at them."""
    private = bucket_settings.public_access_block(public=False)
    return [
        BucketDocuments(
            bucket=log_bucket,
            encryption=bucket_settings.server_side_encryption(),
            ownership=bucket_settings.ownership_controls(),
            public_access_block=private,
            policy=bucket_policy.log_bucket_policy(
                log_bucket=log_bucket, source_bucket=data_bucket, source_account_id=account_id
            ),
            lifecycle=lifecycle.expiring_bucket_lifecycle(
                retention_days=log_retention_days, abort_multipart_days=abort_multipart_days
            ),
        ),
        BucketDocuments(
            bucket=inventory_bucket,
            encryption=bucket_settings.server_side_encryption(),
            ownership=bucket_settings.ownership_controls(),
            public_access_block=private,
            policy=bucket_policy.inventory_bucket_policy(
                inventory_bucket=inventory_bucket, source_buckets=[data_bucket], source_account_id=account_id
            ),
            lifecycle=lifecycle.expiring_bucket_lifecycle(
                retention_days=None, abort_multipart_days=abort_multipart_days
            ),
        ),
        BucketDocuments(
            bucket=data_bucket,
            encryption=bucket_settings.server_side_encryption(),
            ownership=bucket_settings.ownership_controls(),
            public_access_block=bucket_settings.public_access_block(public=public),
            policy=bucket_policy.data_bucket_policy(
                bucket=data_bucket,
                api_principal_arn=api_principal_arn,
                embargo_reader_arns=embargo_reader_arns,
                public=public,
            ),
            lifecycle=lifecycle.data_bucket_lifecycle(
                blob_noncurrent_days=blob_noncurrent_days,
                zarr_noncurrent_days=zarr_noncurrent_days,
                manifest_noncurrent_days=manifest_noncurrent_days,
                abort_multipart_days=abort_multipart_days,
            ),
            versioning=bucket_settings.versioning(),
            cors=cors.data_bucket_cors(public=public, write_origins=write_origins),
            logging=bucket_settings.access_logging(target_bucket=log_bucket, source_bucket=data_bucket),
            inventories=inventory.data_bucket_inventories(
                inventory_bucket=inventory_bucket,
                source_bucket=data_bucket,
                frequency=inventory_frequency,
                account_id=account_id,
            ),
        ),
    ]


def storage_inputs(
    config: EnvironmentConfig, *, account_id: Any, api_principal_arn: Any, reader_arns: Sequence[Any] = ()
) -> dict[str, Any]:
    """The keyword arguments of storage_documents taken from an environment's config, in one place; the
    Pulumi component passes the same ones (its ARNs may be Outputs, hence Any)."""
    names, storage = config.names, config.storage
    return {
        "data_bucket": names.data_bucket,
        "log_bucket": names.log_bucket,
        "inventory_bucket": names.inventory_bucket,
        "account_id": account_id,
        "api_principal_arn": api_principal_arn,
        "embargo_reader_arns": [*config.identity.embargo_readers, *reader_arns],
        "public": storage.public,
        "write_origins": config.web_origins,
        "blob_noncurrent_days": storage.blob_noncurrent_days,
        "zarr_noncurrent_days": storage.zarr_noncurrent_days,
        "manifest_noncurrent_days": storage.manifest_noncurrent_days,
        "abort_multipart_days": storage.abort_multipart_days,
        "log_retention_days": storage.log_retention_days,
        "inventory_frequency": str(storage.inventory_frequency),
    }


def environment_storage_documents(
    config: EnvironmentConfig, *, account_id: str, api_principal_arn: str, reader_arns: Sequence[str] = ()
) -> list[BucketDocuments]:
    """storage_documents with every plain value taken from an environment's config."""
    return storage_documents(
        **storage_inputs(
            config, account_id=account_id, api_principal_arn=api_principal_arn, reader_arns=reader_arns
        )
    )
