"""HerokuApi: the API app and its workers on Heroku, built from the bundled app/ directory.

Order matters on Heroku and is made explicit here: add-ons (which inject DATABASE_URL/CLOUDAMQP_URL) and
config vars exist before the Build, because the build's release phase runs migrations; the formations depend
on the Build, because Heroku cannot scale a process type before a release with a Procfile defines it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pulumi
import pulumiverse_heroku as heroku

PROCESS_TYPES = ("web", "worker", "checksum-worker")
PYTHON_BUILDPACK = "heroku/python"
ALLOWED_HOSTS = "DJANGO_ALLOWED_HOSTS"


@dataclass(frozen=True)
class Formation:
    size: str
    quantity: int


@dataclass(frozen=True)
class BuildSource:
    """Either a local directory/tarball (`path`) or an https tarball (`url`, optional `checksum`)."""

    path: str | None = None
    url: str | None = None
    checksum: str | None = None
    version: str | None = None

    def __post_init__(self) -> None:
        if (self.path is None) == (self.url is None):
            raise ValueError("BuildSource needs exactly one of path or url")


@dataclass(frozen=True)
class HerokuApiArgs:
    app_name: str
    region: str
    stack: str
    formations: Mapping[str, Formation]
    postgres_plan: str
    amqp_plan: str
    source: BuildSource
    config_vars: Mapping[str, pulumi.Input[str]]
    sensitive_config_vars: Mapping[str, pulumi.Input[str]]
    team: str | None = None
    hostname: str | None = None
    log_plan: str | None = None
    log_drain_url: pulumi.Input[str] | None = None
    buildpacks: tuple[str, ...] = (PYTHON_BUILDPACK,)
    acm: bool = True
    protect: bool = False

    def __post_init__(self) -> None:
        missing = set(PROCESS_TYPES) - set(self.formations)
        if missing:
            raise ValueError(f"formations lack process types {sorted(missing)}")
        overlap = set(self.config_vars) & set(self.sensitive_config_vars)
        if overlap:
            raise ValueError(f"config vars both plain and sensitive: {sorted(overlap)}")


class HerokuApi(pulumi.ComponentResource):
    app: heroku.app.App
    postgres: heroku.addon.Addon
    broker: heroku.addon.Addon
    config: heroku.app.ConfigAssociation
    build: heroku.build.Build
    formations: dict[str, heroku.formation.Formation]
    domain: heroku.domain.Domain | None

    def __init__(self, name: str, args: HerokuApiArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("dandi:api:HerokuApi", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        # Deleting the app deletes its Postgres add-on and the data in it: protected where data must survive.
        keep = pulumi.ResourceOptions.merge(child, pulumi.ResourceOptions(protect=args.protect))

        self.app = heroku.app.App(
            f"{name}-app",
            name=args.app_name,
            region=args.region,
            stack=args.stack,
            acm=args.acm,
            buildpacks=list(args.buildpacks),
            organization=heroku.app.AppOrganizationArgs(name=args.team) if args.team else None,
            opts=keep,
        )
        app_id = self.app.uuid
        self.postgres = heroku.addon.Addon(
            f"{name}-postgres", app_id=app_id, plan=args.postgres_plan, opts=keep
        )
        self.broker = heroku.addon.Addon(f"{name}-amqp", app_id=app_id, plan=args.amqp_plan, opts=child)
        addons = [self.postgres, self.broker]
        if args.log_plan:
            addons.append(heroku.addon.Addon(f"{name}-logs", app_id=app_id, plan=args.log_plan, opts=child))

        plain = dict(args.config_vars)
        if ALLOWED_HOSTS in plain:  # the app must also answer on its own herokuapp.com name (health checks)
            plain[ALLOWED_HOSTS] = pulumi.Output.concat(plain[ALLOWED_HOSTS], ",", self.app.heroku_hostname)
        self.config = heroku.app.ConfigAssociation(
            f"{name}-config",
            app_id=app_id,
            vars=plain,
            sensitive_vars={k: pulumi.Output.secret(v) for k, v in args.sensitive_config_vars.items()},
            opts=child,
        )
        source = heroku.build.BuildSourceArgs(
            path=args.source.path,
            url=args.source.url,
            checksum=args.source.checksum,
            version=args.source.version,
        )
        self.build = heroku.build.Build(
            f"{name}-build",
            app_id=app_id,
            source=source,
            opts=pulumi.ResourceOptions.merge(
                child, pulumi.ResourceOptions(depends_on=[*addons, self.config])
            ),
        )
        self.formations = {
            process: heroku.formation.Formation(
                f"{name}-{process}",
                app_id=app_id,
                type=process,
                size=formation.size,
                quantity=formation.quantity,
                opts=pulumi.ResourceOptions.merge(child, pulumi.ResourceOptions(depends_on=[self.build])),
            )
            for process, formation in args.formations.items()
        }
        self.domain = None
        if args.hostname:
            self.domain = heroku.domain.Domain(
                f"{name}-domain", app_id=app_id, hostname=args.hostname, opts=child
            )
        if args.log_drain_url is not None:
            heroku.drain.Drain(
                f"{name}-drain",
                app_id=app_id,
                sensitive_url=pulumi.Output.secret(args.log_drain_url),
                opts=child,
            )

        self.app_id = app_id
        self.app_name = self.app.name
        self.domain_cname = self.domain.cname if self.domain else None
        self.api_url = f"https://{args.hostname}" if args.hostname else self.app.web_url
        self.register_outputs({"app_id": self.app_id, "app_name": self.app_name, "api_url": self.api_url})
