"""Config -> component arguments, all of it in one place and one convention: components take plain args
and never see the config model."""

from __future__ import annotations

from collections.abc import Sequence

import pulumi

from components.aws.dns import DnsArgs
from components.aws.identity import ApiIdentityArgs
from components.aws.storage import DandisetStorageArgs
from stacks.config.model import EnvironmentConfig
from stacks.documents import environment_storage_set


def identity_args(config: EnvironmentConfig) -> ApiIdentityArgs:
    names = config.names
    return ApiIdentityArgs(
        user_name=names.api_user,
        bucket=names.data_bucket,
        reader_user_names=[names.reader_user(r) for r in config.identity.reader_users],
        force_destroy=not config.storage.protect,
        tags=dict(config.tags),
    )


def storage_args(
    config: EnvironmentConfig,
    *,
    account_id: pulumi.Input[str],
    api_principal_arn: pulumi.Input[str],
    reader_arns: Sequence[pulumi.Input[str]] = (),
) -> DandisetStorageArgs:
    return DandisetStorageArgs(
        documents=environment_storage_set(config),
        account_id=account_id,
        api_principal_arn=api_principal_arn,
        embargo_reader_arns=[*config.identity.embargo_readers, *reader_arns],
        protect=config.storage.protect,
        force_destroy=config.storage.force_destroy,
        tags=dict(config.tags),
    )


def dns_args(config: EnvironmentConfig) -> DnsArgs:
    return DnsArgs(
        zone_name=config.names.zone_name,
        existing_zone_id=config.dns.existing_zone_id,
        parent_zone_id=config.dns.parent_zone_id,
        ttl=config.dns.ttl,
        protect=config.storage.protect,
        force_destroy=not config.storage.protect,
        tags=dict(config.tags),
    )
