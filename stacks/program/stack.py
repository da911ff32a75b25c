"""The Pulumi program of a cloud environment: compose the components for one config, return outputs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pulumi
import pulumi_aws as aws

from components.aws.dns import Dns
from components.aws.identity import ApiIdentity
from components.aws.storage import DandisetStorage
from stacks.config.model import ConfigError, EnvironmentConfig, EnvironmentKind
from stacks.documents import api_url, web_url
from stacks.environments import CODE_ROOT
from stacks.program.wiring import dns_args, identity_args, storage_args

PROJECT_DIR = CODE_ROOT


def build(config: EnvironmentConfig, project_dir: Path = PROJECT_DIR) -> dict[str, Any]:
    """Declare every resource of the environment; returns the stack outputs (the secret key stays a secret).

    `project_dir` holds the bundled app/ (built on Heroku) and the built web UI (deployed to Netlify)."""
    if config.kind is EnvironmentKind.local:
        raise ConfigError([f"{config.name}: the local environment runs without Pulumi (use dandi-stack up)"])
    provider = aws.Provider("aws", region=config.aws_region, default_tags={"tags": config.tags})
    opts = pulumi.ResourceOptions(provider=provider)
    account_id = aws.get_caller_identity_output(opts=pulumi.InvokeOutputOptions(provider=provider)).account_id

    identity = ApiIdentity("identity", identity_args(config), opts)
    storage = DandisetStorage(
        "storage",
        storage_args(
            config,
            account_id=account_id,
            api_principal_arn=identity.user_arn,
            reader_arns=identity.reader_arns,
        ),
        opts,
    )
    outputs: dict[str, Any] = {
        "environment": config.name,
        "aws_region": config.aws_region,
        "data_bucket_name": storage.data_bucket_name,
        "data_bucket_arn": storage.data_bucket_arn,
        "log_bucket_name": storage.log_bucket_name,
        "inventory_bucket_name": storage.inventory_bucket_name,
        "api_user_arn": identity.user_arn,
        "api_access_key_id": identity.access_key_id,
        "api_secret_access_key": identity.secret_access_key,
        "api_url": api_url(config),
        "web_url": web_url(config),
    }
    dns = None
    if config.dns.manage:
        dns = Dns("dns", dns_args(config), opts)
        outputs["zone_id"] = dns.zone_id
        outputs["name_servers"] = dns.name_servers

    from stacks.program.cloud import Wiring, build_cloud, route53
    from stacks.program.mail import build_mail, github_client_secret

    mail = build_mail(config, route53(dns) if dns else None, opts)
    wiring = Wiring(
        bucket_name=storage.data_bucket_name,
        access_key_id=identity.access_key_id,
        secret_access_key=identity.secret_access_key,
        record=route53(dns) if dns else None,
        email_url=mail.ses.email_url,
        github_client_secret=github_client_secret(config),
    )
    outputs.update(build_cloud(config, wiring, project_dir).outputs())
    outputs.update(mail.outputs(config))
    return outputs
