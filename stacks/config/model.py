"""The typed model of one environment, loaded from Pulumi stack config with or without the engine.

Key layout (namespace `dandi-stack`, as Pulumi stores project keys):
- top-level scalars: `dandi-stack:kind`, `dandi-stack:prefix`, `dandi-stack:domain`, `dandi-stack:aws_region`
  (declared with type/default/description in Pulumi.yaml);
- sections as structured object values: `dandi-stack:storage`, `dandi-stack:identity`, `dandi-stack:dns`,
  `dandi-stack:heroku`, `dandi-stack:netlify`, `dandi-stack:sentry`, `dandi-stack:sandbox`
  (Pulumi's project schema has no object type, so this model is their schema).
Secrets (e.g. `sentry.dsn`) are only accepted as Pulumi `secure:` values, never as plain text in a stack file.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import Field, ValidationError, model_validator

from stacks.config.auth import AuthConfig, GitHubAuthConfig
from stacks.config.errors import NAMESPACE, describe
from stacks.config.names import ResourceNames, bucket_name_problem
from stacks.config.sections import (
    KIND_DEFAULTS,
    ConfigProblem,
    DnsConfig,
    Dyno,
    DynoSize,
    EnvironmentKind,
    HerokuConfig,
    HerokuRegion,
    HerokuStack,
    IdentityConfig,
    InventoryFrequency,
    KindDefaults,
    NetlifyConfig,
    SandboxConfig,
    SentryConfig,
    StorageConfig,
    _Model,
    heroku_app_name_problem,
)
from stacks.environments import LOCAL, NAME_PATTERN, cloud_environments, is_sandbox, stack_file
from stacks.errors import UsageError

__all__ = [
    "KIND_DEFAULTS",
    "NAMESPACE",
    "AuthConfig",
    "ConfigError",
    "ConfigProblem",
    "DnsConfig",
    "Dyno",
    "DynoSize",
    "EnvironmentConfig",
    "EnvironmentKind",
    "GitHubAuthConfig",
    "HerokuConfig",
    "HerokuRegion",
    "HerokuStack",
    "IdentityConfig",
    "InventoryFrequency",
    "KindDefaults",
    "NetlifyConfig",
    "ResourceNames",
    "SandboxConfig",
    "SentryConfig",
    "StorageConfig",
    "load_environment",
    "local_environment",
    "validate_environment",
]

SECURE_PLACEHOLDER = "<encrypted: decrypted by the Pulumi engine>"


class ConfigError(UsageError):
    """Invalid or missing config; str() is one line per problem: file, key, reason, example."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def infer_kind(name: str) -> EnvironmentKind | None:
    """Kind implied by an environment name: prod, staging, local, sandbox-<x>."""
    if name in (EnvironmentKind.prod, EnvironmentKind.staging, EnvironmentKind.local):
        return EnvironmentKind(name)
    if is_sandbox(name):
        return EnvironmentKind.sandbox
    return None


class EnvironmentConfig(_Model):
    """One environment (a Pulumi stack, or the local clone): all the components and local runtime need."""

    name: str = Field(
        pattern=NAME_PATTERN,
        description="Environment (stack) name; comes from the file name Pulumi.<name>.yaml.",
        examples=["prod"],
    )
    kind: EnvironmentKind = Field(
        description="prod | staging | sandbox | local; default inferred from the name.", examples=["prod"]
    )
    prefix: str = Field(
        default="dandi",
        pattern=r"^[a-z][a-z0-9-]{1,20}[a-z0-9]$",
        description="Name prefix of every resource: names are <prefix>-<environment>-<what>.",
        examples=["exarch"],
    )
    domain: str = Field(
        description="DNS domain of the environment: web UI at the apex, API at api.<domain>.",
        examples=["example-archive.org"],
    )
    aws_region: str = Field(
        default="us-east-2",
        pattern=r"^[a-z]{2}(-gov)?-[a-z]+-\d$",
        description="AWS region of the buckets.",
        examples=["us-east-2"],
    )
    storage: StorageConfig = Field(
        description="Data, log and inventory buckets.", examples=[{"public": True}]
    )
    identity: IdentityConfig = Field(
        default_factory=IdentityConfig,
        description="API identity and embargo readers.",
        examples=[{"reader_users": ["backup"]}],
    )
    dns: DnsConfig = Field(description="Route53 zone and delegation.", examples=[{"manage": True}])
    heroku: HerokuConfig | None = Field(
        default=None,
        description="API app and workers on Heroku (cloud kinds).",
        examples=[{"team": "example-lab"}],
    )
    netlify: NetlifyConfig | None = Field(
        default=None,
        description="Web UI site on Netlify (cloud kinds).",
        examples=[{"site_name": "exarch-web"}],
    )
    sentry: SentryConfig | None = Field(
        default=None, description="Error reporting (cloud kinds).", examples=[{"environment": "production"}]
    )
    sandbox: SandboxConfig | None = Field(
        default=None, description="Owner and time-to-live of a sandbox.", examples=[{"owner": "alice"}]
    )
    auth: AuthConfig = Field(
        default_factory=AuthConfig,
        description="Sign-in (GitHub OAuth app, local accounts), first admins, auto-approved domains, mail.",
        examples=[{"admins": ["octocat"]}],
    )
    encrypted_keys: tuple[str, ...] = Field(
        default=(),
        description="Keys whose values are Pulumi secure: ciphertext (set by the loader).",
        examples=[["sentry.dsn"]],
    )

    @model_validator(mode="before")
    @classmethod
    def _apply_kind_defaults(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        data = dict(data)
        name = data.get("name")
        if "kind" not in data and isinstance(name, str) and infer_kind(name):
            data["kind"] = infer_kind(name)
        try:
            kind = EnvironmentKind(data.get("kind"))
        except ValueError:
            return data  # the field validator reports the bad kind
        d = KIND_DEFAULTS[kind]
        if kind is EnvironmentKind.local:
            data.setdefault("domain", "localhost")
        sections = {"storage": d.storage, "dns": d.dns, "heroku": d.heroku}
        for section, default in sections.items():
            if default is not None:
                data[section] = _merged(data.get(section), default.model_dump(exclude_unset=True))
        if d.heroku is not None:
            data["netlify"] = _merged(data.get("netlify"), {})
            data["sentry"] = _merged(data.get("sentry"), {})
        return data

    @model_validator(mode="after")
    def _cross_checks(self) -> EnvironmentConfig:
        if self.kind is EnvironmentKind.sandbox and self.sandbox is None:
            raise ConfigProblem(
                "sandbox", "is required for a sandbox (owner, ttl_hours)", "sandbox: {owner: alice}"
            )
        if self.kind is not EnvironmentKind.sandbox and self.sandbox is not None:
            raise ConfigProblem("sandbox", f"only applies to kind sandbox, this is {self.kind}", "remove it")
        if self.heroku and self.heroku.pipeline_stack and self.kind is not EnvironmentKind.staging:
            raise ConfigProblem(
                "heroku.pipeline_stack",
                f"only staging joins another stack's pipeline, this is {self.kind}",
                "remove it (prod owns the pipeline; sandboxes are never coupled)",
            )
        if self.kind is EnvironmentKind.prod and not self.storage.protect:
            raise ConfigProblem(
                "storage.protect", "must be true for prod (data must survive a destroy)", "true"
            )
        if self.kind is not EnvironmentKind.local and not re.fullmatch(
            r"([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}", self.domain
        ):
            raise ConfigProblem(
                "domain", f"{self.domain!r} is not a lowercase DNS name", "example-archive.org"
            )
        for bucket in (self.names.data_bucket, self.names.log_bucket, self.names.inventory_bucket):
            problem = bucket_name_problem(bucket)
            if problem:
                raise ConfigProblem("prefix", f"gives bucket name {bucket!r}, which {problem}", "exarch")
        if self.heroku is not None and self.heroku.app_name is None:
            problem = heroku_app_name_problem(self.names.heroku_app)
            if problem:
                raise ConfigProblem(
                    "prefix", f"gives Heroku app name {self.names.heroku_app!r}, which {problem}", "exarch"
                )
        if len(self.names.api_user) > 64:
            raise ConfigProblem(
                "prefix", f"gives IAM user name {self.names.api_user!r} over 64 chars", "exarch"
            )
        for origin in self.storage.extra_cors_origins:
            if self.kind is EnvironmentKind.prod and origin.startswith("http://"):
                raise ConfigProblem(
                    "storage.extra_cors_origins",
                    f"{origin!r} is plain http, prod needs https",
                    "https://neurosift.app",
                )
        return self

    @property
    def names(self) -> ResourceNames:
        return ResourceNames.derive(
            prefix=self.prefix, environment=self.name, domain=self.domain, kind=self.kind
        )

    @property
    def tags(self) -> dict[str, str]:
        """Tags on every cloud resource: who/what made it, and a sandbox's owner and expiry."""
        tags = {
            "dandi-stack:environment": self.name,
            "dandi-stack:kind": str(self.kind),
            "managed-by": "dandi-stack",
        }
        if self.sandbox:
            tags["dandi-stack:owner"] = self.sandbox.owner
            tags["dandi-stack:ttl-hours"] = str(self.sandbox.ttl_hours)
            if self.sandbox.created:
                tags["dandi-stack:created"] = self.sandbox.created
        return tags

    @property
    def web_hostname(self) -> str:
        """Where the web UI is served: `netlify.custom_domain` when set, else the environment's domain."""
        custom = self.netlify.custom_domain if self.netlify else None
        return custom or self.names.web_hostname

    @property
    def web_origins(self) -> list[str]:
        """Origins allowed to write through browsers: the web UI plus configured extras."""
        scheme = "http" if self.kind is EnvironmentKind.local else "https"
        return [f"{scheme}://{self.web_hostname}", *self.storage.extra_cors_origins]


def _merged(value: Any, defaults: dict[str, Any]) -> Any:
    if value is None:
        return dict(defaults)
    if isinstance(value, dict):
        return {**defaults, **value}
    return value  # wrong type: the field validator reports it


# --- loading ---

_SECRET_PATHS = {
    ("sentry", "dsn"),
    ("netlify", "auth_token"),
    ("heroku", "log_drain_url"),
    ("auth", "github", "client_secret"),
}


def local_environment(**overrides: Any) -> EnvironmentConfig:
    """The local clone's config, no file needed: prefix dandi, name local (dandi-local-*), localhost."""
    return validate_environment({"name": "local", **overrides}, source="local defaults")


def load_environment(env: str, project_dir: Path) -> EnvironmentConfig:
    """Read Pulumi.<env>.yaml (plus Pulumi.yaml defaults) without the engine; `local` needs no file."""
    path = stack_file(project_dir, env)
    if not path.is_file():
        if env == EnvironmentKind.local:
            return local_environment()
        known = ", ".join([*cloud_environments(project_dir), LOCAL])
        raise ConfigError(
            [f"{path.name}: no such environment {env!r}; known: {known} (e.g. dandi-stack plan staging)"]
        )
    values, encrypted = _read_stack_file(path)
    project_defaults = _project_defaults(project_dir / "Pulumi.yaml")
    return validate_environment(
        {**project_defaults, **values, "name": env}, source=path.name, encrypted=encrypted
    )


def validate_environment(
    raw: dict[str, Any], *, source: str, encrypted: tuple[str, ...] = ()
) -> EnvironmentConfig:
    problems = _plain_secret_problems(raw, encrypted, source)
    if problems:
        raise ConfigError(problems)
    try:
        return EnvironmentConfig.model_validate({**raw, "encrypted_keys": encrypted})
    except ValidationError as exc:
        errors = exc.errors()
        if any(
            tuple(e["loc"]) == ("kind",) for e in errors
        ):  # sections default per kind: unknown until it is fixed
            errors = [
                e
                for e in errors
                if not (e["type"] == "missing" and tuple(e["loc"]) in (("storage",), ("dns",)))
            ]
        raise ConfigError([describe(err, source, EnvironmentConfig) for err in errors]) from None


def _read_stack_file(path: Path) -> tuple[dict[str, Any], tuple[str, ...]]:
    try:
        doc = yaml.safe_load(path.read_text()) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise ConfigError(
            [f"{path.name}: not valid YAML{where} (e.g. config: {{dandi-stack:domain: example.org}})"]
        ) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("config", {}), dict):
        raise ConfigError(
            [f"{path.name}: config: must be a mapping of keys (e.g. config: {{dandi-stack:kind: prod}})"]
        )
    values: dict[str, Any] = {}
    encrypted: list[str] = []
    problems: list[str] = []
    for full_key, value in (doc.get("config") or {}).items():
        namespace, sep, key = str(full_key).partition(":")
        if not sep:
            problems.append(f"{path.name}: {full_key}: key has no namespace; write {NAMESPACE}:{full_key}")
            continue
        if namespace != NAMESPACE:
            continue  # provider config (aws:, heroku:) is the engine's business
        values[key] = _unwrap_secure(value, key, encrypted)
    if problems:
        raise ConfigError(problems)
    return values, tuple(encrypted)


def _unwrap_secure(value: Any, path: str, encrypted: list[str]) -> Any:
    if isinstance(value, dict):
        if set(value) == {"secure"}:
            encrypted.append(path)
            return SECURE_PLACEHOLDER
        return {k: _unwrap_secure(v, f"{path}.{k}", encrypted) for k, v in value.items()}
    return value


def _plain_secret_problems(raw: dict[str, Any], encrypted: tuple[str, ...], source: str) -> list[str]:
    if not source.endswith(".yaml"):
        return []
    problems = []
    for path in sorted(_SECRET_PATHS):
        value: Any = raw
        for part in path:
            value = value.get(part) if isinstance(value, dict) else None
        dotted = ".".join(path)
        if value is not None and dotted not in encrypted:
            problems.append(
                f"{source}: {NAMESPACE}:{dotted}: secret in plain text; store it encrypted "
                f"(e.g. pulumi config set --secret --path {dotted} <value>)"
            )
    return problems


def _project_defaults(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    doc = yaml.safe_load(path.read_text()) or {}
    return {
        k: v["default"]
        for k, v in (doc.get("config") or {}).items()
        if isinstance(v, dict) and "default" in v
    }
