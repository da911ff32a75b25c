"""NetlifyClient against the local fake Netlify API: happy paths, digest deploys and the failures users
hit."""

import pytest

from components.netlify.client import (
    NetlifyAuthError,
    NetlifyClient,
    NetlifyError,
    NetlifyNameTaken,
    sha1_hex,
)
from tests.support.netlify_api import ACCOUNT_ID, ACCOUNT_SLUG, GOOD_TOKEN


def client_for(netlify, token=GOOD_TOKEN):
    return NetlifyClient(token, netlify.url, poll_interval=0.01, deploy_timeout=5)


def test_bad_token_is_one_clear_error_without_the_token(netlify):
    with pytest.raises(NetlifyAuthError) as err:
        client_for(netlify, token="wrong-token-value").create_site("dandi-web")
    message = str(err.value)
    assert "rejected the API token" in message
    assert "pulumi config set --secret --path netlify.auth_token" in message
    assert "wrong-token-value" not in message
    assert "\n" not in message
    assert netlify.sites == {}


def test_taken_site_name_is_one_clear_error(netlify):
    netlify.taken_names.add("dandi-web")
    with pytest.raises(NetlifyNameTaken, match=r"'dandi-web' is already taken") as err:
        client_for(netlify).create_site("dandi-web")
    assert "\n" not in str(err.value)


def test_unreachable_api_is_a_clear_error():
    client = NetlifyClient(GOOD_TOKEN, "http://127.0.0.1:9/api/v1", timeout=2)
    with pytest.raises(NetlifyError, match=r"cannot reach the Netlify API at http://127.0.0.1:9/api/v1"):
        client.get_site("x")


def test_site_lifecycle_under_a_team(netlify):
    client = client_for(netlify)
    site = client.create_site("dandi-web", account_slug=ACCOUNT_SLUG, custom_domain="example.org")
    assert ("POST", f"/{ACCOUNT_SLUG}/sites") in netlify.requests
    assert client.get_site(site["id"])["custom_domain"] == "example.org"
    client.update_site(site["id"], {"domain_aliases": ["www.example.org"]})
    assert netlify.sites[site["id"]]["domain_aliases"] == ["www.example.org"]
    client.delete_site(site["id"])
    assert client.get_site(site["id"]) is None
    client.delete_site(site["id"])  # already gone counts as deleted


def test_env_vars_round_trip(netlify):
    client = client_for(netlify)
    site = client.create_site("dandi-web")
    client.create_env(ACCOUNT_ID, site["id"], {"DANDI_API_URL": "https://api.example.org", "A": "1"})
    client.update_env(ACCOUNT_ID, site["id"], "A", "2")
    client.delete_env(ACCOUNT_ID, site["id"], "A")
    assert client.list_env(ACCOUNT_ID, site["id"]) == {"DANDI_API_URL": "https://api.example.org"}
    sent = netlify.env[site["id"]]["DANDI_API_URL"]
    assert sent["values"] == [{"context": "all", "value": "https://api.example.org"}]


def test_digest_deploy_uploads_only_files_netlify_lacks(netlify):
    client = client_for(netlify)
    site = client.create_site("dandi-web")
    files = {"/index.html": b"<html>v1</html>", "/assets/app.js": b"console.log(1)", "/logo.svg": b"<svg/>"}
    netlify.blobs[sha1_hex(b"<svg/>")] = b"<svg/>"  # already on Netlify from an earlier deploy
    netlify.polls_until_ready = 3
    deploy = client.deploy_files(site["id"], files)
    assert deploy["state"] == "ready"
    assert sorted(deploy["uploaded"]) == ["/assets/app.js", "/index.html"]
    assert sorted(netlify.uploads()) == ["/assets/app.js", "/index.html"]

    netlify.requests.clear()
    files["/index.html"] = b"<html>v2</html>"
    second = client.deploy_files(site["id"], files)
    assert second["uploaded"] == ["/index.html"]
    assert netlify.uploads() == ["/index.html"]


def test_failed_deploy_reports_netlify_message(netlify):
    client = client_for(netlify)
    site = client.create_site("dandi-web")
    netlify.fail_deploy = "Build script returned non-zero exit code"
    with pytest.raises(NetlifyError, match=r"failed \(error\): Build script returned non-zero exit code"):
        client.deploy_files(site["id"], {"/index.html": b"x"})


def test_deploy_that_never_finishes_times_out_with_guidance(netlify):
    client = NetlifyClient(GOOD_TOKEN, netlify.url, poll_interval=0.01, deploy_timeout=0.1)
    site = client.create_site("dandi-web")
    netlify.polls_until_ready = 10**9
    with pytest.raises(NetlifyError, match=r"still 'processing' after 0 s: check the Netlify dashboard"):
        client.deploy_files(site["id"], {"/index.html": b"x"})
