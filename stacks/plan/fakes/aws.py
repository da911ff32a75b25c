"""AWS: bucket names and ARNs, IAM users and keys, Route53 zones, SES identities and DKIM tokens; the caller
identity and zone lookups."""

from __future__ import annotations

from typing import Any

from stacks.plan.fakes.digest import digest

MOCK_ACCOUNT_ID = "123456789012"
MOCK_REGION = "us-east-2"  # what ARNs of regional services (SES) say under mocks
CALLER_IDENTITY = "aws:index/getCallerIdentity:getCallerIdentity"
GET_ZONE = "aws:route53/getZone:getZone"


def new_resource(typ: str, name: str, inputs: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    if typ == "aws:s3/bucket:Bucket":
        bucket = inputs.get("bucket", name)
        return bucket, {**inputs, "bucket": bucket, "arn": f"arn:aws:s3:::{bucket}"}
    if typ == "aws:iam/user:User":
        user = inputs.get("name", name)
        arn = f"arn:aws:iam::{MOCK_ACCOUNT_ID}:user{inputs.get('path', '/')}{user}"
        return user, {**inputs, "name": user, "arn": arn, "uniqueId": f"AIDA{digest(user, 16)}"}
    if typ == "aws:iam/accessKey:AccessKey":
        return f"AKIA{digest(name, 16)}", {
            **inputs,
            "secret": f"mock-secret-{digest('s' + name, 32)}",
            "sesSmtpPasswordV4": f"mock-smtp-{digest('p' + name, 32)}",
        }
    if typ == "aws:ses/domainIdentity:DomainIdentity":
        domain = inputs["domain"]
        arn = f"arn:aws:ses:{MOCK_REGION}:{MOCK_ACCOUNT_ID}:identity/{domain}"
        return domain, {**inputs, "arn": arn, "verificationToken": digest("v" + domain, 44)}
    if typ == "aws:ses/domainDkim:DomainDkim":
        return f"{name}-id", {
            **inputs,
            "dkimTokens": [digest(f"dkim{i}{inputs['domain']}", 32).lower() for i in range(3)],
        }
    if typ == "aws:route53/zone:Zone":
        zone_id = f"Z{digest(inputs.get('name', name), 20)}"
        return zone_id, {**inputs, "zoneId": zone_id, "nameServers": name_servers(zone_id)}
    return None


def call(function: str, args: dict[str, Any]) -> dict[str, Any]:
    """`function` is a function token such as aws:route53/getZone:getZone, not a credential."""
    if function == CALLER_IDENTITY:
        return {
            "accountId": MOCK_ACCOUNT_ID,
            "arn": f"arn:aws:iam::{MOCK_ACCOUNT_ID}:user/mock",
            "userId": "AIDAMOCK",
            "id": MOCK_ACCOUNT_ID,
        }
    if function == GET_ZONE:
        zone_id = args.get("zoneId", "ZMOCK")
        return {
            "zoneId": zone_id,
            "name": args.get("name", "example.org"),
            "nameServers": name_servers(zone_id),
            "id": zone_id,
        }
    return {}


def name_servers(zone_id: str) -> list[str]:
    n = int(zone_id[-3:], 16) if all(c in "0123456789ABCDEF" for c in zone_id[-3:]) else 1
    return [f"ns-{n % 512 + i}.awsdns-{i:02d}.{tld}" for i, tld in enumerate(("com", "net", "org", "co.uk"))]
