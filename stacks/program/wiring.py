"""Config -> component arguments, all of it in one place and one convention (a function per component):
components take plain arguments and never see the config model."""

from __future__ import annotations

from collections.abc import Sequence

import pulumi

from components.aws.dns import DnsArgs
from components.aws.identity import ApiIdentityArgs
from components.aws.storage import DandisetStorageArgs
from components.documents.app_env import AppEnv
from components.documents.web_dns import web_aliases
from components.heroku.api import BuildSource, Formation, HerokuApiArgs
from components.netlify.site import NetlifySiteArgs
from stacks.config.model import EnvironmentConfig
from stacks.documents import api_url, environment_storage_set


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


def heroku_api_args(config: EnvironmentConfig, env: AppEnv, source: BuildSource) -> HerokuApiArgs:
    heroku, names = config.heroku, config.names
    assert heroku is not None
    drain = heroku.log_drain_url
    return HerokuApiArgs(
        app_name=heroku.app_name or names.heroku_app,
        team=heroku.team,
        acm=heroku.acm_enabled,
        region=str(heroku.region),
        stack=str(heroku.stack),
        formations={
            "web": Formation(str(heroku.web.size), heroku.web.quantity),
            "worker": Formation(str(heroku.worker.size), heroku.worker.quantity),
            "checksum-worker": Formation(str(heroku.checksum_worker.size), heroku.checksum_worker.quantity),
        },
        postgres_plan=heroku.postgres_plan,
        amqp_plan=heroku.amqp_plan,
        log_plan=heroku.log_plan,
        source=source,
        config_vars=env.plain,
        sensitive_config_vars=env.sensitive,
        hostname=names.api_hostname,
        log_drain_url=drain.get_secret_value() if drain else None,
        protect=config.storage.protect,
    )


def netlify_site_args(config: EnvironmentConfig, token_key: str, ui_dirs: tuple[str, str]) -> NetlifySiteArgs:
    """`ui_dirs`: the UI's sources (they name the deploy) and its build (deployed)."""
    netlify, names = config.netlify, config.names
    assert netlify is not None
    custom_domain = config.web_hostname
    return NetlifySiteArgs(
        site_name=netlify.site_name or names.netlify_site,
        api_url=api_url(config),
        token_key=token_key,
        account_slug=netlify.account_slug,
        custom_domain=custom_domain,
        domain_aliases=web_aliases(custom_domain, names.zone_name),
        ui_source_dir=ui_dirs[0],
        ui_build_dir=ui_dirs[1],
    )
