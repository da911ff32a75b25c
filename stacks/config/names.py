"""Every resource name of an environment, derived in one place from prefix + environment name."""

from __future__ import annotations

import re
from dataclasses import dataclass


def bucket_name_problem(name: str) -> str | None:
    """Why `name` is not a valid S3 bucket name usable over TLS virtual-host URLs, or None when it is."""
    if not 3 <= len(name) <= 63:
        return f"has {len(name)} characters; S3 allows 3-63"
    if "." in name:
        return "contains a dot, which breaks TLS virtual-host access"
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*[a-z0-9]", name):
        return "must be lowercase letters, digits and '-', starting and ending with a letter or digit"
    if name.startswith(("xn--", "sthree-", "amzn-s3-demo-")):
        return "starts with a prefix S3 reserves"
    if name.endswith(("-s3alias", "--ol-s3", "--x-s3", "--table-s3")):
        return "ends with a suffix S3 reserves"
    return None


@dataclass(frozen=True)
class ResourceNames:
    """Names of buckets, IAM users, DNS zone and hostnames; `stem` is <prefix>-<environment>."""

    stem: str
    data_bucket: str
    log_bucket: str
    inventory_bucket: str
    api_user: str
    zone_name: str
    api_hostname: str
    web_hostname: str
    heroku_app: str
    netlify_site: str

    @classmethod
    def derive(cls, *, prefix: str, environment: str, domain: str, kind: str) -> ResourceNames:
        stem = f"{prefix}-{environment}"
        local = kind == "local"
        return cls(
            stem=stem,
            data_bucket=f"{stem}-dandisets",
            log_bucket=f"{stem}-dandiset-logs",
            inventory_bucket=f"{stem}-inventory",
            api_user=f"{stem}-api",
            zone_name=domain,
            api_hostname=domain if local else f"api.{domain}",
            web_hostname=domain,
            heroku_app=f"{stem}-api"[:30].rstrip("-"),
            netlify_site=f"{stem}-web",
        )

    def reader_user(self, name: str) -> str:
        return f"{self.stem}-reader-{name}"
