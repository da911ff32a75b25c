"""The sections of an environment's config (storage, identity, dns, heroku, netlify, sentry, sandbox), their
the typed per-kind defaults (the closed vocabularies are components/types.py). stacks/config/model.py composes
them into EnvironmentConfig."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator

from components.types import DynoSize, EnvironmentKind, HerokuRegion, HerokuStack, InventoryFrequency


class ConfigProblem(ValueError):
    """A cross-field problem raised inside validators, naming the key the user should change."""

    def __init__(self, key: str, message: str, example: str):
        self.key, self.message, self.example = key, message, example
        super().__init__(f"{key}: {message} (e.g. {example})")


# Heroku's app name rule (Platform API app schema): 3-30 characters, lowercase letters, digits and dashes,
# starting with a letter and ending with a letter or digit.
HEROKU_APP_NAME = r"^[a-z][a-z0-9-]{1,28}[a-z0-9]$"
SINGLE_DYNO_SIZES = frozenset({DynoSize.eco, DynoSize.basic})


def _tier(size: DynoSize) -> str:
    return str(size) if size in SINGLE_DYNO_SIZES else "standard/performance"


def heroku_app_name_problem(name: str) -> str | None:
    """Why Heroku would refuse `name` as an app name, or None."""
    if not 3 <= len(name) <= 30:
        return f"has {len(name)} characters; Heroku allows 3-30"
    if not re.fullmatch(HEROKU_APP_NAME, name):
        return "must be lowercase letters, digits and '-', start with a letter and end with a letter or digit"
    return None


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class Dyno(_Model):
    size: DynoSize = Field(description="Heroku dyno size.", examples=["basic"])
    quantity: int = Field(ge=0, le=100, description="Number of dynos of this process type.", examples=[1])


class StorageConfig(_Model):
    public: bool = Field(
        description="Open data: anyone may read and list the data bucket (embargoed objects stay denied).",
        examples=[True],
    )
    protect: bool = Field(
        description="Protect and retain the buckets: Pulumi refuses to delete them and never empties them.",
        examples=[True],
    )
    force_destroy: bool = Field(
        description="Let teardown delete non-empty buckets (sandboxes/staging only; never with protect).",
        examples=[False],
    )
    blob_noncurrent_days: int = Field(
        ge=1,
        le=3650,
        description="Days a deleted/overwritten blob stays recoverable (trailing delete).",
        examples=[30],
    )
    zarr_noncurrent_days: int = Field(
        ge=1, le=3650, description="Days a deleted/overwritten zarr chunk stays recoverable.", examples=[30]
    )
    manifest_noncurrent_days: int = Field(
        ge=1,
        le=3650,
        description="Days before older noncurrent dandisets/ manifests expire (newest kept).",
        examples=[1],
    )
    abort_multipart_days: int = Field(
        ge=1, le=365, description="Days after which incomplete multipart uploads are aborted.", examples=[7]
    )
    log_retention_days: int | None = Field(
        default=None, ge=1, description="Days to keep access logs; null keeps them forever.", examples=[365]
    )
    inventory_frequency: InventoryFrequency = Field(
        default=InventoryFrequency.daily,
        description="How often S3 writes blob/zarr inventories.",
        examples=["Daily"],
    )
    extra_cors_origins: list[str] = Field(
        default_factory=list,
        description="Origins besides the web UI allowed to upload/delete from browsers.",
        examples=[["https://neurosift.app"]],
    )

    @field_validator("extra_cors_origins")
    @classmethod
    def _origins(cls, value: list[str]) -> list[str]:
        for origin in value:
            if not re.fullmatch(r"https?://[a-z0-9.-]+(:\d{1,5})?", origin):
                raise ValueError(f"{origin!r} is not an origin (scheme://host[:port], no path)")
        return value

    @model_validator(mode="after")
    def _protect_xor_destroy(self) -> StorageConfig:
        if self.protect and self.force_destroy:
            raise ConfigProblem(
                "storage.force_destroy",
                "cannot be true while storage.protect is true",
                "force_destroy: false",
            )
        return self


_ARN = r"arn:aws:iam::\d{12}:(user|role)(/[\w+=,.@-]+)+"


class IdentityConfig(_Model):
    embargo_readers: list[str] = Field(
        default_factory=list,
        description="ARNs of existing IAM principals (e.g. backup users) that may read embargoed objects.",
        examples=[["arn:aws:iam::123456789012:user/backup"]],
    )
    reader_users: list[str] = Field(
        default_factory=list,
        description="Read-only IAM users to create (no keys issued here); they may also read embargoed data.",
        examples=[["backup"]],
    )

    @field_validator("embargo_readers")
    @classmethod
    def _arns(cls, value: list[str]) -> list[str]:
        for arn in value:
            if not re.fullmatch(_ARN, arn):
                raise ValueError(f"{arn!r} is not an IAM user/role ARN")
        return value

    @field_validator("reader_users")
    @classmethod
    def _reader_names(cls, value: list[str]) -> list[str]:
        for name in value:
            if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,19}", name):
                raise ValueError(f"{name!r} is not a short lowercase name (a-z, 0-9, '-', <= 20 chars)")
        return value


class DnsConfig(_Model):
    manage: bool = Field(
        description="Manage DNS in Route53 (false: records are made elsewhere).", examples=[True]
    )
    existing_zone_id: str | None = Field(
        default=None,
        pattern=r"^Z[A-Z0-9]{1,32}$",
        description="Use this existing hosted zone for the domain instead of creating one.",
        examples=["Z0123456789ABCDEFGHIJ"],
    )
    parent_zone_id: str | None = Field(
        default=None,
        pattern=r"^Z[A-Z0-9]{1,32}$",
        description="Hosted zone of the parent domain in which to delegate this zone (NS record).",
        examples=["Z0123456789ABCDEFGHIJ"],
    )
    ttl: int = Field(
        default=300, ge=30, le=86400, description="TTL of the records made here.", examples=[300]
    )

    @model_validator(mode="after")
    def _zone_choice(self) -> DnsConfig:
        if self.existing_zone_id and self.parent_zone_id:
            raise ConfigProblem(
                "dns.parent_zone_id",
                "cannot delegate a zone that is not created here (existing_zone_id is set)",
                "remove one of existing_zone_id/parent_zone_id",
            )
        return self


class HerokuConfig(_Model):
    app_name: str | None = Field(
        default=None,
        description="Heroku app name (3-30 chars: a-z, 0-9, '-'; starts with a letter, ends with a letter or "
        "digit); default derives from prefix and environment.",
        examples=["exarch-api"],
    )
    team: str | None = Field(
        default=None, description="Heroku team owning the app.", examples=["example-lab"]
    )
    acm: bool | None = Field(
        default=None,
        description="Heroku Automated Certificate Management for api.<domain>; needs a team and non-eco "
        "dynos. Default: on when a team owns the app; off means the certificate is managed another way.",
        examples=[True],
    )
    region: HerokuRegion = Field(default=HerokuRegion.us, description="Heroku region.", examples=["us"])
    stack: HerokuStack = Field(
        default=HerokuStack.heroku_24, description="Heroku stack.", examples=["heroku-24"]
    )
    web: Dyno = Field(
        description="Formation of the web process.", examples=[{"size": "basic", "quantity": 1}]
    )
    worker: Dyno = Field(
        description="Formation of the Celery worker.", examples=[{"size": "basic", "quantity": 1}]
    )
    checksum_worker: Dyno = Field(
        description="Formation of the checksum worker.", examples=[{"size": "basic", "quantity": 1}]
    )
    postgres_plan: str = Field(
        pattern=r"^heroku-postgresql:[a-z0-9-]+$",
        description="Postgres add-on plan.",
        examples=["heroku-postgresql:essential-1"],
    )
    amqp_plan: str = Field(
        pattern=r"^cloudamqp:[a-z0-9-]+$", description="CloudAMQP add-on plan.", examples=["cloudamqp:tiger"]
    )
    log_plan: str | None = Field(
        default=None,
        pattern=r"^[a-z0-9-]+:[a-z0-9-]+$",
        description="Log add-on plan; null for none.",
        examples=["papertrail:fixa"],
    )
    build_source: str = Field(
        default="app",
        description="Directory (relative to the project) or URL of the app source to build.",
        examples=["app"],
    )
    build_checksum: str | None = Field(
        default=None,
        pattern=r"^SHA256:[0-9a-f]{64}$",
        description="SHA256 of the tarball when build_source is a URL (Heroku verifies it).",
        examples=["SHA256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
    )
    log_drain_url: SecretStr | None = Field(
        default=None,
        description="Syslog/HTTPS log drain URL (secret: it usually embeds a token); null for none.",
        examples=["secure: v1:..."],
    )
    pipeline_stack: str | None = Field(
        default=None,
        pattern=r"^([\w.-]+/){0,2}[\w.-]+$",
        description="Staging only: stack owning the Heroku pipeline (its heroku_pipeline_id output), "
        "where the staging app is coupled. Short name or org/project/stack; default prod for staging, "
        "null for none.",
        examples=["prod"],
    )

    @property
    def dynos(self) -> dict[str, Dyno]:
        return {"web": self.web, "worker": self.worker, "checksum_worker": self.checksum_worker}

    @property
    def acm_enabled(self) -> bool:
        return self.team is not None if self.acm is None else self.acm

    @model_validator(mode="after")
    def _heroku_rules(self) -> HerokuConfig:
        """What the Heroku API refuses, caught before anything is created."""
        if self.app_name is not None:
            problem = heroku_app_name_problem(self.app_name)
            if problem:
                raise ConfigProblem("app_name", f"{self.app_name!r} {problem}", "exarch-api")
        for process, dyno in self.dynos.items():
            if dyno.size in SINGLE_DYNO_SIZES and dyno.quantity > 1:
                raise ConfigProblem(
                    f"{process}.quantity",
                    f"{dyno.size} dynos run at most one per process type, got {dyno.quantity}",
                    f"{{size: {dyno.size}, quantity: 1}} or {{size: standard-1x, quantity: {dyno.quantity}}}",
                )
        running = {p: d for p, d in self.dynos.items() if d.quantity > 0}
        tiers = {_tier(d.size) for d in running.values()}
        if len(tiers) > 1:
            first_process, first = next(iter(running.items()))
            process = next(p for p, d in running.items() if _tier(d.size) != _tier(first.size))
            raise ConfigProblem(
                f"{process}.size",
                f"mixes dyno tiers ({', '.join(sorted(tiers))}); Heroku runs one app on eco, on basic, or on "
                "standard/performance dynos only",
                f"size: {first.size}, as {first_process} has",
            )
        if self.acm_enabled and self.team is None:
            raise ConfigProblem(
                "acm",
                "Automated Certificate Management needs a team-owned app (heroku.team)",
                "team: example-lab, or acm: false with the certificate managed another way",
            )
        if self.acm_enabled and DynoSize.eco in tiers:
            raise ConfigProblem("acm", "Heroku offers no ACM on eco dynos", "size: basic, or acm: false")
        return self

    @model_validator(mode="after")
    def _source(self) -> HerokuConfig:
        if self.build_checksum and not self.build_source.startswith("https://"):
            raise ConfigProblem(
                "build_checksum", "only applies when build_source is an https:// URL", "remove it"
            )
        if self.build_source.startswith("http://"):
            raise ConfigProblem(
                "build_source", "Heroku fetches sources over https only", "https://.../app.tgz"
            )
        return self


class NetlifyConfig(_Model):
    site_name: str | None = Field(
        default=None,
        pattern=r"^[a-z0-9][a-z0-9-]{1,62}$",
        description="Netlify site name; default derives from prefix and environment.",
        examples=["exarch-web"],
    )
    custom_domain: str | None = Field(
        default=None,
        description="Custom domain of the web UI; default is the environment domain.",
        examples=["example-archive.org"],
    )
    account_slug: str | None = Field(
        default=None, description="Netlify team (account) slug.", examples=["example-lab"]
    )
    auth_token: SecretStr | None = Field(
        default=None, description="Netlify personal access token (secret).", examples=["secure: v1:..."]
    )
    source_dir: str = Field(
        default="web",
        description="Sources of the web UI (relative to the project); their digest names a deploy, so plans "
        "need no build.",
        examples=["web"],
    )
    publish_dir: str = Field(
        default="web/dist",
        description="The built web UI that is deployed (./dev builds it).",
        examples=["web/dist"],
    )


class SentryProjectConfig(_Model):
    organization: str = Field(
        pattern=r"^[a-z0-9][a-z0-9_-]{0,49}$",
        description="Sentry organization slug.",
        examples=["example-lab"],
    )
    team: str = Field(
        pattern=r"^[a-z0-9][a-z0-9_-]{0,49}$",
        description="Sentry team that owns the project.",
        examples=["backend"],
    )
    platform: str = Field(
        default="python-django", description="Sentry platform of the project.", examples=["python-django"]
    )


class SentryConfig(_Model):
    dsn: SecretStr | None = Field(
        default=None, description="Sentry DSN (secret); null disables Sentry.", examples=["secure: v1:..."]
    )
    environment: str | None = Field(
        default=None,
        description="Sentry environment tag; default is the environment name.",
        examples=["production"],
    )
    project: SentryProjectConfig | None = Field(
        default=None,
        description="Create a Sentry project <prefix>-<environment> and client key here "
        "(needs sentry:token); its DSN replaces dsn.",
        examples=[{"organization": "example-lab", "team": "backend"}],
    )

    @model_validator(mode="after")
    def _one_dsn_source(self) -> SentryConfig:
        if self.dsn is not None and self.project is not None:
            raise ConfigProblem(
                "project",
                "cannot be set together with dsn (the project makes its own DSN)",
                "remove dsn or project",
            )
        return self


class SandboxConfig(_Model):
    owner: str = Field(
        pattern=r"^[a-z0-9][a-z0-9._-]{0,39}$", description="Who owns this sandbox.", examples=["alice"]
    )
    ttl_hours: int = Field(
        default=72, ge=1, le=24 * 90, description="Hours until the sandbox may be reaped.", examples=[72]
    )
    created: str | None = Field(
        default=None,
        description="ISO creation time, set when the sandbox is made.",
        examples=["2026-01-31T12:00:00Z"],
    )


class KindDefaults(_Model):
    """Per-kind defaults of the sections a stack file leaves out or leaves partial, typed by the sections
    themselves: only the values set here are merged under what the stack file says."""

    storage: StorageConfig
    dns: DnsConfig
    heroku: HerokuConfig | None = None  # None: no cloud sections (heroku, netlify, sentry) for this kind


def _storage(*, protect: bool, days: int = 30) -> StorageConfig:
    return StorageConfig(
        public=True,
        protect=protect,
        force_destroy=not protect,
        blob_noncurrent_days=days,
        zarr_noncurrent_days=days,
        manifest_noncurrent_days=1,
        abort_multipart_days=7,
    )


def _heroku(
    web: Dyno, workers: Dyno, *, postgres: str, amqp: str, log: str | None, pipeline_stack: str | None = None
) -> HerokuConfig:
    return HerokuConfig(
        web=web,
        worker=workers,
        checksum_worker=workers,
        postgres_plan=f"heroku-postgresql:{postgres}",
        amqp_plan=f"cloudamqp:{amqp}",
        log_plan=log and f"papertrail:{log}",
        pipeline_stack=pipeline_stack,
    )


_BASIC = Dyno(size=DynoSize.basic, quantity=1)
_STANDARD_2X = Dyno(size=DynoSize.standard_2x, quantity=1)
KIND_DEFAULTS: dict[EnvironmentKind, KindDefaults] = {
    EnvironmentKind.prod: KindDefaults(
        storage=_storage(protect=True),
        dns=DnsConfig(manage=True),
        heroku=_heroku(
            Dyno(size=DynoSize.standard_2x, quantity=3),
            _STANDARD_2X,
            postgres="standard-0",
            amqp="squirrel-1",
            log="fredrik",
        ),
    ),
    EnvironmentKind.staging: KindDefaults(
        storage=_storage(protect=False),
        dns=DnsConfig(manage=True),
        heroku=_heroku(
            _BASIC, _BASIC, postgres="essential-1", amqp="tiger", log="fixa", pipeline_stack="prod"
        ),
    ),
    EnvironmentKind.sandbox: KindDefaults(
        storage=_storage(protect=False, days=7),
        dns=DnsConfig(manage=True),
        heroku=_heroku(_BASIC, _BASIC, postgres="essential-0", amqp="lemur", log=None),
    ),
    EnvironmentKind.local: KindDefaults(storage=_storage(protect=False, days=1), dns=DnsConfig(manage=False)),
}
