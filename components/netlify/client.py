"""A small client for the parts of Netlify's REST API the dynamic provider uses.

Kept apart from the provider so it can be tested against a local HTTP server (the base URL is injectable) and
so every failure becomes one `NetlifyError` line that names the problem and what to do. The token is held only
by the client object, which the provider builds per call and never pickles.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import requests

DEFAULT_BASE_URL = "https://api.netlify.com/api/v1"
READY = "ready"
FAILED_STATES = frozenset({"error", "rejected"})


class NetlifyError(Exception):
    """A Netlify API call failed; the message is one line a user can act on."""

    def __init__(self, message: str, status: int | None = None, fields: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.status = status
        self.fields = fields  # the request fields an HTTP 422 names in its `errors`


class NetlifyAuthError(NetlifyError):
    """The token is missing, invalid or lacks access."""


class NetlifyNameTaken(NetlifyError):
    """Site names are global across Netlify; the requested one belongs to someone else."""


class NetlifyDomainTaken(NetlifyError):
    """A custom domain can belong to one Netlify site only; another site already has the requested one."""


class NetlifyNotFound(NetlifyError):
    """The object does not exist (e.g. deleted outside Pulumi)."""


def sha1_hex(content: bytes) -> str:
    return hashlib.sha1(content, usedforsecurity=False).hexdigest()


class NetlifyClient:
    def __init__(
        self,
        token: str,
        base_url: str = DEFAULT_BASE_URL,
        *,
        timeout: float = 30.0,
        poll_interval: float = 1.0,
        deploy_timeout: float = 600.0,
    ) -> None:
        self._session = requests.Session()
        self._session.headers["Authorization"] = f"Bearer {token}"
        self._session.headers["User-Agent"] = "dandi-stack"
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.poll_interval = poll_interval
        self.deploy_timeout = deploy_timeout

    def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        url = f"{self.base_url}{path}"
        try:
            response = self._session.request(method, url, timeout=self.timeout, **kwargs)
        except requests.RequestException as exc:
            raise NetlifyError(
                f"cannot reach the Netlify API at {self.base_url}: {type(exc).__name__}"
            ) from None
        if response.status_code in (401, 403):
            raise NetlifyAuthError(
                f"Netlify rejected the API token (HTTP {response.status_code} on {method} {path}): "
                "store a valid personal access token with "
                "`pulumi config set --secret --path netlify.auth_token <token>`",
                response.status_code,
            )
        if response.status_code == 404:
            raise NetlifyNotFound(f"Netlify has no {path} (HTTP 404)", 404)
        if response.status_code >= 400:
            raise NetlifyError(
                f"Netlify API {method} {path} failed with HTTP {response.status_code}: {_message(response)}",
                response.status_code,
                _error_fields(response),
            )
        if not response.content:
            return None
        return response.json()

    # Sites --------------------------------------------------------------------------------------------------

    def create_site(
        self,
        name: str,
        *,
        account_slug: str | None = None,
        custom_domain: str | None = None,
        domain_aliases: list[str] | None = None,
    ) -> dict[str, Any]:
        path = f"/{quote(account_slug, safe='')}/sites" if account_slug else "/sites"
        body: dict[str, Any] = {"name": name, "domain_aliases": domain_aliases or []}
        if custom_domain:
            body["custom_domain"] = custom_domain
        try:
            return self._request("POST", path, json=body)
        except NetlifyError as exc:
            if exc.status != 422:
                raise
            # Netlify's 422 names the offending field in `errors`: `subdomain` for a taken site name,
            # `custom_domain` for a domain another site already has.
            fields = exc.fields
            if "custom_domain" in fields or "domain_aliases" in fields:
                raise NetlifyDomainTaken(
                    f"the custom domain '{custom_domain}' (or an alias {domain_aliases or []}) is already "
                    "used by another Netlify site: remove it from that site or set another "
                    f"netlify.custom_domain ({exc})"
                ) from None
            if "subdomain" in fields or "name" in fields or not fields:
                raise NetlifyNameTaken(
                    f"the Netlify site name '{name}' is already taken (names are global across Netlify): "
                    "choose another site name in the stack config"
                ) from None
            raise

    def get_site(self, site_id: str) -> dict[str, Any] | None:
        """The site, or None when it no longer exists."""
        try:
            return self._request("GET", f"/sites/{quote(site_id, safe='')}")
        except NetlifyNotFound:
            return None

    def update_site(self, site_id: str, fields: Mapping[str, Any]) -> dict[str, Any]:
        return self._request("PATCH", f"/sites/{quote(site_id, safe='')}", json=dict(fields))

    def delete_site(self, site_id: str) -> None:
        """Delete the site; one that is already gone counts as deleted."""
        try:
            self._request("DELETE", f"/sites/{quote(site_id, safe='')}")
        except NetlifyNotFound:
            return

    # Environment variables (site-scoped, set through the owning account) ------------------------------------

    def _env_path(self, account_id: str, key: str | None = None) -> str:
        path = f"/accounts/{quote(account_id, safe='')}/env"
        return f"{path}/{quote(key, safe='')}" if key else path

    def list_env(self, account_id: str, site_id: str) -> dict[str, str]:
        """Site env vars as key -> value of the 'all' context (the only one this toolkit sets)."""
        items = self._request("GET", self._env_path(account_id), params={"site_id": site_id}) or []
        env: dict[str, str] = {}
        for item in items:
            values = item.get("values") or []
            chosen = next((v for v in values if v.get("context") == "all"), values[0] if values else None)
            if chosen is not None:
                env[item["key"]] = chosen.get("value", "")
        return env

    @staticmethod
    def _env_body(key: str, value: str) -> dict[str, Any]:
        return {
            "key": key,
            "scopes": ["builds", "functions", "runtime", "post-processing"],
            "values": [{"context": "all", "value": value}],
        }

    def create_env(self, account_id: str, site_id: str, env: Mapping[str, str]) -> None:
        if env:
            body = [self._env_body(k, v) for k, v in sorted(env.items())]
            self._request("POST", self._env_path(account_id), params={"site_id": site_id}, json=body)

    def update_env(self, account_id: str, site_id: str, key: str, value: str) -> None:
        self._request(
            "PUT",
            self._env_path(account_id, key),
            params={"site_id": site_id},
            json=self._env_body(key, value),
        )

    def delete_env(self, account_id: str, site_id: str, key: str) -> None:
        try:
            self._request("DELETE", self._env_path(account_id, key), params={"site_id": site_id})
        except NetlifyNotFound:
            return

    # Digest deploys -----------------------------------------------------------------------------------------

    def get_deploy(self, deploy_id: str) -> dict[str, Any] | None:
        try:
            return self._request("GET", f"/deploys/{quote(deploy_id, safe='')}")
        except NetlifyNotFound:
            return None

    def deploy_files(self, site_id: str, files: Mapping[str, bytes], *, title: str = "") -> dict[str, Any]:
        """Digest deploy: send the sha1 manifest, upload only the files Netlify lacks, wait until live.

        Returns the final deploy object plus `uploaded`, the paths actually sent.
        """
        manifest = {path: sha1_hex(content) for path, content in files.items()}
        deploy = self._request(
            "POST",
            f"/sites/{quote(site_id, safe='')}/deploys",
            params={"title": title} if title else None,
            json={"files": manifest},
        )
        deploy_id = deploy["id"]
        if deploy.get("state") == "preparing":
            deploy = self._wait(deploy_id, until={"prepared", "uploading", "uploaded", READY})
        required = set(deploy.get("required") or [])
        uploaded: list[str] = []
        for path in sorted(manifest):
            digest = manifest[path]
            if digest in required:
                self._request(
                    "PUT",
                    f"/deploys/{quote(deploy_id, safe='')}/files/{quote(path.lstrip('/'), safe='/')}",
                    data=files[path],
                    headers={"Content-Type": "application/octet-stream"},
                )
                uploaded.append(path)
                required.discard(digest)
        if required:
            raise NetlifyError(
                f"Netlify deploy {deploy_id} asked for files not in the manifest: {sorted(required)}"
            )
        final = self._wait(deploy_id, until={READY})
        final["uploaded"] = uploaded
        return final

    def _wait(self, deploy_id: str, *, until: set[str]) -> dict[str, Any]:
        deadline = time.monotonic() + self.deploy_timeout
        while True:
            deploy = self.get_deploy(deploy_id)
            if deploy is None:
                raise NetlifyError(f"Netlify deploy {deploy_id} disappeared while waiting for it")
            state = deploy.get("state")
            if state in until:
                return deploy
            if state in FAILED_STATES:
                raise NetlifyError(
                    f"Netlify deploy {deploy_id} failed ({state}): "
                    f"{deploy.get('error_message') or 'no message'}"
                )
            if time.monotonic() > deadline:
                raise NetlifyError(
                    f"Netlify deploy {deploy_id} still '{state}' after {self.deploy_timeout:.0f} s: "
                    "check the Netlify dashboard, then run the update again"
                )
            time.sleep(self.poll_interval)


def _message(response: requests.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:200] or response.reason
    if isinstance(body, dict):
        if body.get("errors"):
            return str(body["errors"])[:200]
        return str(body.get("message") or body)[:200]
    return str(body)[:200]


def _error_fields(response: requests.Response) -> tuple[str, ...]:
    try:
        body = response.json()
    except ValueError:
        return ()
    errors = body.get("errors") if isinstance(body, dict) else None
    return tuple(errors) if isinstance(errors, dict) else ()
