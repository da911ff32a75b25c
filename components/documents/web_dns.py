"""DNS records that point the environment's hostnames at Netlify (web UI) and Heroku (API).

Netlify's documented setup: an apex name cannot be a CNAME, so it gets an A record to Netlify's load balancer;
a subdomain gets a CNAME to <site>.netlify.app; `www.` of an apex is a CNAME to the site as well (Netlify then
redirects it to the primary domain). The API hostname is a CNAME to the DNS target Heroku assigns the custom
domain (not <app>.herokuapp.com, which ACM certificates do not cover).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

NETLIFY_LOAD_BALANCER_IP = "75.2.60.5"


@dataclass(frozen=True)
class DnsRecord:
    purpose: str  # "web", "www" or "api": names the Route53 record resource
    name: Any  # str, or a Pulumi output (SES's DKIM record names come from AWS)
    type: str
    value: Any  # str, or a Pulumi output wired in by the caller


def is_apex(hostname: str, zone_name: str) -> bool:
    return hostname.rstrip(".") == zone_name.rstrip(".")


def web_records(web_hostname: str, zone_name: str, netlify_domain: Any) -> list[DnsRecord]:
    if is_apex(web_hostname, zone_name):
        return [
            DnsRecord("web", web_hostname, "A", NETLIFY_LOAD_BALANCER_IP),
            DnsRecord("www", f"www.{web_hostname}", "CNAME", netlify_domain),
        ]
    return [DnsRecord("web", web_hostname, "CNAME", netlify_domain)]


def web_aliases(web_hostname: str, zone_name: str) -> list[str]:
    """Extra names the Netlify site must answer for (the www CNAME above)."""
    return [f"www.{web_hostname}"] if is_apex(web_hostname, zone_name) else []


def api_record(api_hostname: str, heroku_dns_target: Any) -> DnsRecord:
    return DnsRecord("api", api_hostname, "CNAME", heroku_dns_target)
