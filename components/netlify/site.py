"""NetlifySite: the web UI's Netlify site, its env (the API URL), custom domain and a deploy of the built
UI."""

from __future__ import annotations

from dataclasses import dataclass, field

import pulumi

from components.netlify.client import DEFAULT_BASE_URL
from components.netlify.manifest import source_digest
from components.netlify.provider import Deploy, DeployProvider, Site, SiteProvider

API_URL_ENV = "DANDI_API_URL"


def ui_runtime_files(api_url: str) -> dict[str, str]:
    """Files generated into every deploy so the prebuilt UI finds its API without a rebuild.

    `config.json` is read by the UI at start; `_redirects` proxies `/server-info` to the API (as DANDI's
    netlify.toml does) and sends every other path to the SPA.
    """
    api = api_url.rstrip("/")
    return {
        "config.json": f'{{"apiUrl": "{api}"}}\n',
        "_redirects": f"/server-info  {api}/server-info  200\n/*  /index.html  200\n",
    }


@dataclass(frozen=True)
class NetlifySiteArgs:
    site_name: str
    api_url: pulumi.Input[str]
    token_key: str
    account_slug: str | None = None
    custom_domain: str | None = None
    domain_aliases: list[str] = field(default_factory=list)
    ui_source_dir: str | None = None
    ui_build_dir: str | None = None
    extra_env: dict[str, str] = field(default_factory=dict)
    api_base_url: str = DEFAULT_BASE_URL


class NetlifySite(pulumi.ComponentResource):
    site: Site
    deploy: Deploy | None

    def __init__(self, name: str, args: NetlifySiteArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("dandi:web:NetlifySite", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        env = pulumi.Output.from_input(args.api_url).apply(lambda url: {**args.extra_env, API_URL_ENV: url})
        self.site = Site(
            name,
            provider=SiteProvider(args.token_key, args.api_base_url),
            name=args.site_name,
            account_slug=args.account_slug,
            custom_domain=args.custom_domain,
            domain_aliases=args.domain_aliases,
            env=env,
            opts=child,
        )
        self.deploy = None
        if args.ui_source_dir is not None and args.ui_build_dir is not None:
            sources, build = args.ui_source_dir, args.ui_build_dir
            extra = pulumi.Output.from_input(args.api_url).apply(ui_runtime_files)
            digest = extra.apply(lambda files: source_digest(sources, build_dir=build, extra=files))
            self.deploy = Deploy(
                f"{name}-deploy",
                provider=DeployProvider(args.token_key, args.api_base_url),
                site_id=self.site.site_id,
                directory=build,
                digest=digest,
                extra_files=extra,
                title="dandi-stack",
                opts=child,
            )
        host = args.custom_domain or self.site.default_domain
        self.url = pulumi.Output.concat("https://", host)
        self.default_domain = self.site.default_domain
        self.register_outputs({"url": self.url, "site_id": self.site.site_id})
