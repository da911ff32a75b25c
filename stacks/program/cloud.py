"""Composition of the cloud parts that sit on top of storage/identity/DNS: Heroku API, pipeline, Netlify UI,
observability, and the DNS records pointing at them.

Called by `stacks.program.stack.build(config)` with values wired from the storage, identity and DNS
components, so this module never needs to know how those are built.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pulumi

from components.aws.dns import Dns
from components.documents.app_env import AppEnv
from components.documents.web_dns import DnsRecord, api_record, web_records
from components.generated_secret import GeneratedSecret
from components.heroku.api import BuildSource, HerokuApi
from components.heroku.pipeline import HerokuPipeline, couple
from components.netlify.site import NetlifySite
from stacks.config.model import NAMESPACE, EnvironmentConfig, EnvironmentKind
from stacks.documents import api_url, heroku_app_env, people_app_env, web_url
from stacks.program.app_archive import write_archive
from stacks.program.wiring import heroku_api_args, netlify_site_args

PIPELINE_OUTPUT = "heroku_pipeline_id"
NETLIFY_TOKEN_KEY = f"{NAMESPACE}:netlify.auth_token"

# Creates one Route53 record in the environment's zone (supplied by the DNS component's owner).
RecordFn = Callable[[DnsRecord], Any]


@dataclass(frozen=True)
class Wiring:
    """Values the cloud parts need from storage, identity and DNS."""

    bucket_name: pulumi.Input[str]
    access_key_id: pulumi.Input[str]
    secret_access_key: pulumi.Input[str]
    record: RecordFn | None  # None when DNS is not managed here
    email_url: pulumi.Input[str] | None = None  # SES's SMTP interface (a secret), from stacks.program.mail
    github_client_secret: pulumi.Input[str] | None = None


@dataclass(frozen=True)
class CloudParts:
    api: HerokuApi
    web: NetlifySite
    pipeline_id: pulumi.Output[str] | None
    api_url: str
    web_url: str

    def outputs(self) -> dict[str, Any]:
        """Stack outputs; `heroku_pipeline_id` only where the pipeline is owned (prod), for staging to
        join."""
        outputs: dict[str, Any] = {
            "api_url": self.api_url,
            "web_url": self.web_url,
            "heroku_app_name": self.api.app_name,
            "heroku_app_id": self.api.app_id,
            "heroku_dns_target": self.api.domain_cname,
            "netlify_site_id": self.web.site.site_id,
            "netlify_site_domain": self.web.default_domain,
        }
        if self.pipeline_id is not None:
            outputs[PIPELINE_OUTPUT] = self.pipeline_id
        return outputs


def route53(dns: Dns) -> RecordFn:
    """Records go into the environment's zone, named after their purpose (dns-api, dns-web, dns-www)."""
    return lambda r: dns.record(r.purpose, name=r.name, type=r.type, values=[r.value])


def in_zone(hostname: str, zone_name: str) -> bool:
    return hostname == zone_name or hostname.endswith(f".{zone_name}")


def _organization() -> str:
    """Self-managed (file://, s3://) backends name every stack organization/<project>/<stack>."""
    return pulumi.get_organization() or "organization"


def pipeline_stack_name(value: str) -> str:
    """'prod' -> '<org>/<project>/prod'; 'proj/prod' -> '<org>/proj/prod'; a full name is kept."""
    parts = value.split("/")
    if len(parts) == 3:
        return value
    if len(parts) == 2:
        return f"{_organization()}/{value}"
    return f"{_organization()}/{pulumi.get_project()}/{value}"


def build_source(config: EnvironmentConfig, project_dir: Path) -> BuildSource:
    assert config.heroku is not None
    source = config.heroku.build_source
    if source.startswith("https://"):
        return BuildSource(url=source, checksum=config.heroku.build_checksum)
    path = (project_dir / source).resolve()
    if path.is_file():
        return BuildSource(path=os.path.relpath(path, Path.cwd()))
    if not (path / "Procfile").is_file():
        raise FileNotFoundError(
            f"heroku.build_source {source!r}: {path} holds no Procfile; "
            "point it at the bundled app/ directory or an https:// tarball URL"
        )
    archive, checksum = write_archive(path, project_dir)
    return BuildSource(path=archive, version=checksum.removeprefix("SHA256:")[:16])


def web_ui_dirs(config: EnvironmentConfig, project_dir: Path) -> tuple[str, str]:
    """The UI's sources (they name the deploy) and its build (deployed); the build may not exist yet."""
    assert config.netlify is not None
    return (
        str((project_dir / config.netlify.source_dir).resolve()),
        str((project_dir / config.netlify.publish_dir).resolve()),
    )


def sentry_dsn(config: EnvironmentConfig) -> pulumi.Output[str] | None:
    """The configured DSN, or the DSN of a Sentry project made here (`sentry.project`); always a secret."""
    sentry = config.sentry
    if sentry is None:
        return None
    if sentry.dsn is not None:
        return pulumi.Output.secret(sentry.dsn.get_secret_value())
    if sentry.project is not None:
        from components.observability import SentryProject

        return SentryProject(
            f"{config.names.stem}-sentry",
            organization=sentry.project.organization,
            team=sentry.project.team,
            slug=config.names.stem,
            platform=sentry.project.platform,
        ).dsn
    return None


def build_cloud(config: EnvironmentConfig, wiring: Wiring, project_dir: Path) -> CloudParts:
    if config.heroku is None or config.netlify is None:
        raise ValueError(f"environment {config.name} (kind {config.kind}) has no cloud sections")
    names = config.names
    heroku_cfg = config.heroku

    secret_key = GeneratedSecret(f"{names.stem}-django-secret-key")
    dsn = sentry_dsn(config)
    env = heroku_app_env(
        config,
        bucket_name=wiring.bucket_name,
        access_key_id=wiring.access_key_id,
        secret_access_key=wiring.secret_access_key,
        django_secret_key=secret_key.value,
        sentry_dsn=dsn,
    )
    people = people_app_env(
        config, email_url=wiring.email_url, github_client_secret=wiring.github_client_secret
    )
    env = AppEnv(plain={**env.plain, **people.plain}, sensitive={**env.sensitive, **people.sensitive})
    api = HerokuApi(names.stem, heroku_api_args(config, env, build_source(config, project_dir)))

    pipeline_id: pulumi.Output[str] | None = None
    if config.kind is EnvironmentKind.prod:
        pipeline_id = HerokuPipeline(
            f"{config.prefix}-pipeline",
            pipeline_name=f"{config.prefix}-pipeline",
            production_app_id=api.app_id,
            team=heroku_cfg.team,
        ).pipeline_id
    elif config.kind is EnvironmentKind.staging and heroku_cfg.pipeline_stack:
        prod = pulumi.StackReference(pipeline_stack_name(heroku_cfg.pipeline_stack))
        couple(f"{names.stem}-staging-coupling", prod.require_output(PIPELINE_OUTPUT), api.app_id, "staging")
    # Sandboxes are never coupled to a pipeline.

    custom_domain = config.web_hostname
    web = NetlifySite(
        f"{names.stem}-web", netlify_site_args(config, NETLIFY_TOKEN_KEY, web_ui_dirs(config, project_dir))
    )

    if wiring.record is not None:
        records = [api_record(names.api_hostname, api.domain_cname)]
        if in_zone(custom_domain, names.zone_name):
            records += web_records(custom_domain, names.zone_name, web.default_domain)
        for record in records:
            wiring.record(record)

    return CloudParts(
        api=api, web=web, pipeline_id=pipeline_id, api_url=api_url(config), web_url=web_url(config)
    )
