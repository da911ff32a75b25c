"""Local storage from the environment config: the app's IAM user and the three buckets, with the documents the
cloud components get (components/documents), applied to moto so its S3 and IAM APIs validate them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from stacks.local import s3

if TYPE_CHECKING:
    from stacks.config import EnvironmentConfig


@dataclass(frozen=True)
class LocalStorage:
    data_bucket: str
    buckets: list[str]
    region: str
    api_user: str


def local_config(web_origin: str) -> EnvironmentConfig:
    """The `local` environment's config (no file): names derived in one place, plus the local API origin."""
    from stacks.config import local_environment

    return local_environment(storage={"extra_cors_origins": [web_origin]})


def plan(config: EnvironmentConfig) -> LocalStorage:
    names = config.names
    return LocalStorage(
        names.data_bucket,
        [names.log_bucket, names.inventory_bucket, names.data_bucket],
        config.aws_region,
        names.api_user,
    )


def provision(port: int, config: EnvironmentConfig) -> LocalStorage:
    """Create the IAM user and policy, then the buckets (log and inventory first) with all their documents."""
    from components.documents import iam_policy
    from components.documents.storage_set import environment_storage_documents

    storage = plan(config)
    s3.create_api_user(
        port,
        region=storage.region,
        user=storage.api_user,
        policy=iam_policy.api_user_policy(bucket=storage.data_bucket),
    )
    documents = environment_storage_documents(
        config,
        account_id=s3.ACCOUNT_ID,
        api_principal_arn=f"arn:aws:iam::{s3.ACCOUNT_ID}:user/{storage.api_user}",
    )
    s3.apply_buckets(port, storage.region, documents)
    return storage
