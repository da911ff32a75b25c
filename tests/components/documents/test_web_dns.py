from components.documents.web_dns import (
    NETLIFY_LOAD_BALANCER_IP,
    DnsRecord,
    api_record,
    web_aliases,
    web_records,
)


def test_apex_gets_a_record_to_netlify_and_www_cname():
    records = web_records("example-archive.org", "example-archive.org", "exarch-prod-web.netlify.app")
    assert records == [
        DnsRecord("web", "example-archive.org", "A", NETLIFY_LOAD_BALANCER_IP),
        DnsRecord("www", "www.example-archive.org", "CNAME", "exarch-prod-web.netlify.app"),
    ]
    assert NETLIFY_LOAD_BALANCER_IP == "75.2.60.5"
    assert web_aliases("example-archive.org", "example-archive.org.") == ["www.example-archive.org"]


def test_subdomain_gets_one_cname_to_the_site():
    records = web_records("gui.example.org", "example.org", "site.netlify.app")
    assert records == [DnsRecord("web", "gui.example.org", "CNAME", "site.netlify.app")]
    assert web_aliases("gui.example.org", "example.org") == []


def test_api_cname_targets_the_heroku_domain():
    assert api_record("api.example.org", "x.herokudns.com") == DnsRecord(
        "api", "api.example.org", "CNAME", "x.herokudns.com"
    )
