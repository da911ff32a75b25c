"""Dns: the environment's Route53 zone (new or existing), record helpers, NS delegation from a parent."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pulumi
import pulumi_aws as aws


@dataclass
class DnsArgs:
    zone_name: str
    existing_zone_id: str | None = None
    parent_zone_id: str | None = None
    ttl: int = 300
    protect: bool = False
    force_destroy: bool = False
    tags: dict[str, str] = field(default_factory=dict)


class Dns(pulumi.ComponentResource):
    zone_id: pulumi.Output[str]
    name_servers: pulumi.Output[Sequence[str]]

    def __init__(self, name: str, args: DnsArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("dandi:dns:Dns", name, None, opts)
        self._name = name
        self._ttl = args.ttl
        self.zone_name = args.zone_name
        if args.existing_zone_id:
            existing = aws.route53.get_zone_output(
                zone_id=args.existing_zone_id, opts=pulumi.InvokeOutputOptions(parent=self)
            )
            self.zone_id = pulumi.Output.from_input(args.existing_zone_id)
            self.name_servers = existing.name_servers
        else:
            zone = aws.route53.Zone(
                f"{name}-zone",
                name=args.zone_name,
                comment=f"{args.zone_name} (dandi-stack)",
                force_destroy=args.force_destroy,
                tags=args.tags,
                opts=pulumi.ResourceOptions(parent=self, protect=args.protect, retain_on_delete=args.protect),
            )
            self.zone_id = zone.zone_id
            self.name_servers = zone.name_servers
            if args.parent_zone_id:
                aws.route53.Record(
                    f"{name}-delegation",
                    zone_id=args.parent_zone_id,
                    name=args.zone_name,
                    type="NS",
                    ttl=args.ttl,
                    records=zone.name_servers,
                    opts=pulumi.ResourceOptions(parent=self),
                )
        self.register_outputs({"zone_id": self.zone_id, "name_servers": self.name_servers})

    def record(
        self,
        key: str,
        *,
        name: pulumi.Input[str],
        type: str,
        values: Sequence[pulumi.Input[str]],
        ttl: int | None = None,
    ) -> aws.route53.Record:
        """A record in this zone, parented to the component (e.g. api CNAME -> Heroku, apex A -> Netlify)."""
        return aws.route53.Record(
            f"{self._name}-{key}",
            zone_id=self.zone_id,
            name=name,
            type=type,
            ttl=ttl or self._ttl,
            records=list(values),
            opts=pulumi.ResourceOptions(parent=self),
        )

    def delegate(
        self, key: str, *, subdomain: str, name_servers: pulumi.Input[Sequence[str]]
    ) -> aws.route53.Record:
        """Delegate a child zone (e.g. a sandbox's) to its own name servers."""
        return aws.route53.Record(
            f"{self._name}-{key}-ns",
            zone_id=self.zone_id,
            name=subdomain,
            type="NS",
            ttl=self._ttl,
            records=name_servers,
            opts=pulumi.ResourceOptions(parent=self),
        )
