"""NetlifyClient details Netlify's OpenAPI document decides (every request here is also checked against it
by the `netlify` fixture): the deploy title is a query parameter, an unset custom domain is left out rather
than sent as null, and a 422 on site creation is told apart by the field it names.

Netlify publishes no schema for its 422 bodies; the fake answers with the field-keyed `errors` object that
Netlify returns for a taken site name.
"""

from urllib.parse import parse_qs

import pytest

from components.netlify.client import NetlifyClient, NetlifyDomainTaken, NetlifyNameTaken
from tests.support.netlify_api import GOOD_TOKEN


def client_for(netlify):
    return NetlifyClient(GOOD_TOKEN, netlify.url, poll_interval=0.01, deploy_timeout=5)


def test_deploy_title_is_sent_as_the_query_parameter_not_in_the_body(netlify):
    client = client_for(netlify)
    site = client.create_site("dandi-web")
    client.deploy_files(site["id"], {"/index.html": b"<html></html>"}, title="web ui 1a2b3c")
    (method, _path, query, _type, body) = next(s for s in netlify.sent if s[1].endswith("/deploys"))
    assert method == "POST"
    assert parse_qs(query) == {"title": ["web ui 1a2b3c"]}
    assert b"title" not in body


def test_a_site_without_custom_domain_sends_none(netlify):
    client_for(netlify).create_site("dandi-web")
    (_m, _p, _q, _t, body) = next(s for s in netlify.sent if s[1].endswith("/sites"))
    assert b"custom_domain" not in body


def test_custom_domain_used_by_another_site_is_not_reported_as_a_taken_name(netlify):
    netlify.taken_domains.add("example-archive.org")
    with pytest.raises(NetlifyDomainTaken) as err:
        client_for(netlify).create_site("dandi-web", custom_domain="example-archive.org")
    message = str(err.value)
    assert "custom domain 'example-archive.org'" in message
    assert "already used by another Netlify site" in message
    assert "\n" not in message
    assert not isinstance(err.value, NetlifyNameTaken)


def test_taken_name_is_still_reported_as_such(netlify):
    netlify.taken_names.add("dandi-web")
    with pytest.raises(NetlifyNameTaken):
        client_for(netlify).create_site("dandi-web", custom_domain="example-archive.org")
