"""Dns on its own: an existing zone is used as is, records and delegations land in the zone, parented."""

from components.aws.dns import Dns, DnsArgs
from stacks.config.model import local_environment
from stacks.plan.render import render


def test_existing_zone_is_looked_up_not_created():
    def program(_config):
        dns = Dns("dns", DnsArgs(zone_name="example.org", existing_zone_id="ZEXISTING123"))
        return {"zone_id": dns.zone_id, "name_servers": dns.name_servers}

    rendering = render(local_environment(), program=program)
    assert rendering.of_type("aws:route53/zone:Zone") == []
    assert rendering.outputs["zone_id"] == "ZEXISTING123"
    assert len(rendering.outputs["name_servers"]) == 4


def test_record_and_delegation_helpers_write_into_the_zone():
    def program(_config):
        dns = Dns("dns", DnsArgs(zone_name="example.org", ttl=120))
        dns.record("api", name="api.example.org", type="CNAME", values=["dandi-api.herokudns.com"])
        dns.delegate("sandbox", subdomain="sandbox.example.org", name_servers=["ns-1.awsdns-01.org"])
        return {"zone_id": dns.zone_id}

    rendering = render(local_environment(), program=program)
    zone_id = rendering.outputs["zone_id"]
    api, ns = rendering.named("dns-api"), rendering.named("dns-sandbox-ns")
    assert api.inputs == {
        "name": "api.example.org",
        "records": ["dandi-api.herokudns.com"],
        "ttl": 120,
        "type": "CNAME",
        "zoneId": zone_id,
    }
    assert ns.inputs["type"] == "NS"
    assert ns.inputs["zoneId"] == zone_id
    assert api.parent == ns.parent == rendering.named("dns").urn
