"""Local storage from the environment config: the app's IAM user and the three buckets, with the documents the
cloud components get (components/documents), applied to moto so its S3 and IAM APIs validate them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from stacks.local import s3

if TYPE_CHECKING:
    from components.documents.storage import Principals
    from stacks.config.model import EnvironmentConfig


@dataclass(frozen=True)
class LocalStorage:
    data_bucket: str
    buckets: list[str]
    region: str
    api_user: str


def local_config(web_origin: str) -> EnvironmentConfig:
    """The `local` environment's config (no file): names derived in one place, plus the local API origin."""
    from stacks.config.model import local_environment

    return local_environment(storage={"extra_cors_origins": [web_origin]})


def local_principals(config: EnvironmentConfig) -> Principals:
    """moto's fixed account, the app's local IAM user and the configured embargo readers."""
    from components.documents.storage import Principals

    return Principals(
        account_id=s3.ACCOUNT_ID,
        api_principal_arn=f"arn:aws:iam::{s3.ACCOUNT_ID}:user/{config.names.api_user}",
        embargo_reader_arns=list(config.identity.embargo_readers),
    )


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
    from stacks.documents import environment_storage_set

    storage = plan(config)
    s3.create_api_user(
        port,
        region=storage.region,
        user=storage.api_user,
        policy=iam_policy.api_user_policy(bucket=storage.data_bucket),
    )
    s3.apply_buckets(port, storage.region, environment_storage_set(config), local_principals(config))
    return storage
