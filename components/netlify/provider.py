"""Pulumi dynamic providers for a Netlify site (with env vars and custom domain) and a digest deploy.

No Pulumi provider for Netlify sites exists, so these implement CRUD over the REST API (`client.py`).

Secrets: the engine pickles the provider *instance* (with dill) into state when the program registers a
resource. The instance therefore holds only the API base URL and the name of the config key holding the token.
The token itself is read in `configure()`, which runs in the provider process after unpickling, from the stack
config the engine passes (a `pulumi config set --secret` value arrives decrypted there) or NETLIFY_AUTH_TOKEN;
and `__getstate__` drops it, so even a configured instance pickles without it. The provider classes live in an
importable module, so dill pickles them by reference: state holds no code, and the provider process imports
this module from the project's virtualenv.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

import pulumi
from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    Resource,
    ResourceProvider,
    UpdateResult,
)

from components.netlify.client import DEFAULT_BASE_URL, NetlifyClient, NetlifyError, NetlifyNotFound
from components.netlify.manifest import DeployDirectoryError, collect_files, manifest_digest

TOKEN_ENV = "NETLIFY_AUTH_TOKEN"  # noqa: S105 (the name of the variable, not a token)
SITE_NAME = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
SITE_FIELDS = ("name", "custom_domain", "domain_aliases")


class _NetlifyProvider(ResourceProvider):
    # The pickled instance holds no secret, so it need not be stored as one.
    serialize_as_secret_always = False

    def __init__(self, token_key: str, base_url: str = DEFAULT_BASE_URL) -> None:
        """`token_key` is '<namespace>:<key>' or '<namespace>:<key>.<field>' for a field of an object
        value."""
        super().__init__()
        self.token_key = token_key
        self.base_url = base_url

    def configure(self, req: ConfigureRequest) -> None:
        key, _, field = self.token_key.partition(".")
        value = req.config.get(key)
        if field and value is not None:
            section = json.loads(value) if isinstance(value, str) else value
            value = section.get(field) if isinstance(section, dict) else None
        self._token = value or os.environ.get(TOKEN_ENV)

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "_token"}

    @property
    def config_path(self) -> str:
        return self.token_key.split(":", 1)[-1]

    def client(self) -> NetlifyClient:
        token = getattr(self, "_token", None)
        if not token:
            raise NetlifyError(
                "no Netlify API token: set it with "
                f"`pulumi config set --secret --path {self.config_path} <token>` (or export {TOKEN_ENV})"
            )
        return NetlifyClient(token, self.base_url)


def _site_outs(inputs: dict[str, Any], site: dict[str, Any], env: dict[str, str]) -> dict[str, Any]:
    name = site.get("name") or inputs["name"]
    return {
        **inputs,
        "name": name,
        "custom_domain": site.get("custom_domain") or None,
        "domain_aliases": list(site.get("domain_aliases") or []),
        "env": env,
        "site_id": site["id"],
        "account_id": site.get("account_id") or inputs.get("account_slug"),
        "url": site.get("url"),
        "ssl_url": site.get("ssl_url"),
        "default_domain": site.get("default_domain") or f"{name}.netlify.app",
    }


class SiteProvider(_NetlifyProvider):
    """A site, its custom domain/aliases and its site-scoped environment variables."""

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        failures = []
        name = news.get("name")
        if not isinstance(name, str) or not SITE_NAME.match(name):
            failures.append(
                CheckFailure("name", f"'{name}' is not a valid Netlify site name (a-z, 0-9, '-', at most 63)")
            )
        news.setdefault("domain_aliases", [])
        news.setdefault("env", {})
        return CheckResult(news, failures)

    def create(self, props: dict[str, Any]) -> CreateResult:
        client = self.client()
        site = client.create_site(
            props["name"],
            account_slug=props.get("account_slug"),
            custom_domain=props.get("custom_domain"),
            domain_aliases=list(props.get("domain_aliases") or []),
        )
        env = dict(props.get("env") or {})
        try:
            client.create_env(site.get("account_id") or props["account_slug"], site["id"], env)
        except Exception:
            # A site Pulumi does not record would be orphaned: undo it, then report the env failure.
            client.delete_site(site["id"])
            raise
        return CreateResult(site["id"], _site_outs(props, site, env))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        client = self.client()
        site = client.get_site(id_)
        if site is None:
            return ReadResult("", {})
        account = str(site.get("account_id") or props.get("account_id") or props.get("account_slug"))
        live_env = client.list_env(account, id_)
        managed = {k: live_env[k] for k in (props.get("env") or {}) if k in live_env}
        return ReadResult(id_, _site_outs(props, site, managed))

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        replaces = ["account_slug"] if olds.get("account_slug") != news.get("account_slug") else []
        changed = [k for k in (*SITE_FIELDS, "env") if _norm(olds.get(k)) != _norm(news.get(k))]
        return DiffResult(changes=bool(changed or replaces), replaces=replaces, delete_before_replace=True)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        client = self.client()
        fields = {k: news.get(k) for k in SITE_FIELDS if _norm(olds.get(k)) != _norm(news.get(k))}
        try:
            site = client.update_site(id_, fields) if fields else client.get_site(id_)
        except NetlifyNotFound:
            site = None
        if site is None:
            raise NetlifyError(
                f"Netlify site {id_} no longer exists: run `pulumi refresh`, then update again"
            )
        account = str(site.get("account_id") or olds.get("account_id") or news.get("account_slug"))
        old_env, new_env = dict(olds.get("env") or {}), dict(news.get("env") or {})
        client.create_env(account, id_, {k: v for k, v in new_env.items() if k not in old_env})
        for key, value in new_env.items():
            if key in old_env and old_env[key] != value:
                client.update_env(account, id_, key, value)
        for key in old_env.keys() - new_env.keys():
            client.delete_env(account, id_, key)
        return UpdateResult(_site_outs(news, site, new_env))

    def delete(self, id_: str, _props: dict[str, Any]) -> None:
        self.client().delete_site(id_)


class DeployProvider(_NetlifyProvider):
    """A digest deploy of the built UI; a changed source digest is a new deploy (a replacement).

    Deleting the resource leaves the deploy in the site's history (Netlify keeps history and refuses to
    delete a published deploy); deleting the site removes it.
    """

    def create(self, props: dict[str, Any]) -> CreateResult:
        try:
            files = collect_files(props["directory"], props.get("extra_files"))
        except DeployDirectoryError as exc:
            raise NetlifyError(f"{exc}; `./dev up` builds it, then run the update again") from None
        deploy = self.client().deploy_files(props["site_id"], files, title=props.get("title") or "")
        outs = {
            **props,
            "deploy_id": deploy["id"],
            "state": deploy.get("state"),
            "file_count": len(files),
            "build_digest": manifest_digest(files),
            "uploaded": deploy["uploaded"],
            "deploy_url": deploy.get("ssl_url") or deploy.get("deploy_ssl_url") or deploy.get("url"),
        }
        return CreateResult(deploy["id"], outs)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        deploy = self.client().get_deploy(id_)
        if deploy is None:
            return ReadResult("", {})
        return ReadResult(id_, {**props, "state": deploy.get("state")})

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        replaces = [k for k in ("site_id", "digest") if olds.get(k) != news.get(k)]
        return DiffResult(changes=bool(replaces), replaces=replaces)

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        return None


def _norm(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return sorted(value)
    if value == "":
        return None
    return value


class Site(Resource, module="netlify", name="Site"):
    """Type token `pulumi-python:dynamic/netlify:Site`."""

    site_id: pulumi.Output[str]
    account_id: pulumi.Output[str]
    default_domain: pulumi.Output[str]
    ssl_url: pulumi.Output[str]
    env: pulumi.Output[dict]

    def __init__(
        self,
        resource_name: str,
        *,
        provider: SiteProvider,
        name: pulumi.Input[str],
        account_slug: pulumi.Input[str] | None = None,
        custom_domain: pulumi.Input[str] | None = None,
        domain_aliases: pulumi.Input[list[str]] | None = None,
        env: pulumi.Input[dict[str, str]] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props = {
            "name": name,
            "account_slug": account_slug,
            "custom_domain": custom_domain,
            "domain_aliases": domain_aliases or [],
            "env": env or {},
            "site_id": None,
            "account_id": None,
            "default_domain": None,
            "url": None,
            "ssl_url": None,
        }
        super().__init__(provider, resource_name, props, opts)


class Deploy(Resource, module="netlify", name="Deploy"):
    """Type token `pulumi-python:dynamic/netlify:Deploy`."""

    deploy_id: pulumi.Output[str]
    deploy_url: pulumi.Output[str]
    uploaded: pulumi.Output[list]

    def __init__(
        self,
        resource_name: str,
        *,
        provider: DeployProvider,
        site_id: pulumi.Input[str],
        directory: str,
        digest: pulumi.Input[str],
        extra_files: pulumi.Input[dict[str, str]] | None = None,
        title: str = "",
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props = {
            "site_id": site_id,
            "directory": directory,
            "digest": digest,
            "extra_files": extra_files or {},
            "title": title,
            "deploy_id": None,
            "deploy_url": None,
            "uploaded": None,
            "file_count": None,
            "state": None,
        }
        super().__init__(provider, resource_name, props, opts)
