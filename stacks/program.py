"""The Pulumi program of a cloud environment: compose the components for one config, return outputs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pulumi
import pulumi_aws as aws

from components.dns import Dns, DnsArgs
from components.identity import ApiIdentity, ApiIdentityArgs
from components.storage import DandisetStorage, DandisetStorageArgs
from stacks.config import ConfigError, EnvironmentConfig, EnvironmentKind

PROJECT_DIR = Path(__file__).resolve().parents[1]


def build(config: EnvironmentConfig, project_dir: Path = PROJECT_DIR) -> dict[str, Any]:
    """Declare every resource of the environment; returns the stack outputs (the secret key stays a secret).

    `project_dir` holds the bundled app/ (built on Heroku) and the built web UI (deployed to Netlify)."""
    if config.kind is EnvironmentKind.local:
        raise ConfigError([f"{config.name}: the local environment runs without Pulumi (use dandi-stack up)"])
    provider = aws.Provider("aws", region=config.aws_region, default_tags={"tags": config.tags})
    opts = pulumi.ResourceOptions(provider=provider)
    account_id = aws.get_caller_identity_output(opts=pulumi.InvokeOutputOptions(provider=provider)).account_id

    identity = ApiIdentity("identity", ApiIdentityArgs.from_config(config), opts)
    storage = DandisetStorage(
        "storage",
        DandisetStorageArgs.from_config(
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
        "api_url": f"https://{config.names.api_hostname}",
        "web_url": f"https://{config.web_hostname}",
    }
    dns = None
    if config.dns.manage:
        dns = Dns("dns", DnsArgs.from_config(config), opts)
        outputs["zone_id"] = dns.zone_id
        outputs["name_servers"] = dns.name_servers

    from stacks.cloud import Wiring, build_cloud, route53

    wiring = Wiring(
        bucket_name=storage.data_bucket_name,
        access_key_id=identity.access_key_id,
        secret_access_key=identity.secret_access_key,
        record=route53(dns) if dns else None,
    )
    outputs.update(build_cloud(config, wiring, project_dir).outputs())
    return outputs
