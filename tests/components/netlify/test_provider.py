"""The Netlify dynamic providers' CRUD against the local fake API, and what they put into Pulumi state."""

import base64
import json
import subprocess
import sys

import pytest
from pulumi.dynamic import ConfigureRequest
from pulumi.dynamic.config import Config
from pulumi.dynamic.dynamic import serialize_provider

from components.netlify.client import NetlifyAuthError, NetlifyError, NetlifyNameTaken
from components.netlify.manifest import collect_files, manifest_digest
from components.netlify.provider import TOKEN_ENV, DeployProvider, SiteProvider
from components.netlify.site import ui_runtime_files
from tests.support.netlify_api import ACCOUNT_SLUG, GOOD_TOKEN

TOKEN_KEY = "dandi-stack:netlify.auth_token"


def configured(provider_cls, netlify, token=GOOD_TOKEN):
    provider = provider_cls(TOKEN_KEY, netlify.url)
    section = {"account_slug": ACCOUNT_SLUG, **({"auth_token": token} if token else {})}
    raw = {"dandi-stack:netlify": json.dumps(section)}
    provider.configure(ConfigureRequest(Config(raw_config=raw, project_name="dandi-stack")))
    return provider


def site_inputs(**overrides):
    inputs = {
        "name": "dandi-web",
        "account_slug": ACCOUNT_SLUG,
        "custom_domain": "example.org",
        "domain_aliases": ["www.example.org"],
        "env": {"DANDI_API_URL": "https://api.example.org"},
    }
    return {**inputs, **overrides}


def test_create_makes_site_with_domain_and_api_url(netlify):
    provider = configured(SiteProvider, netlify)
    result = provider.create(site_inputs())
    site = netlify.sites[result.id]
    assert site["custom_domain"] == "example.org"
    assert site["domain_aliases"] == ["www.example.org"]
    assert netlify.env[result.id]["DANDI_API_URL"]["values"][0]["value"] == "https://api.example.org"
    assert result.outs["default_domain"] == "dandi-web.netlify.app"
    assert result.outs["site_id"] == result.id


def test_create_with_taken_name_fails_clearly_and_leaves_nothing(netlify):
    netlify.taken_names.add("dandi-web")
    with pytest.raises(NetlifyNameTaken, match=r"choose another site name"):
        configured(SiteProvider, netlify).create(site_inputs())
    assert netlify.sites == {}


def test_bad_token_fails_clearly(netlify):
    with pytest.raises(NetlifyAuthError, match=r"rejected the API token"):
        configured(SiteProvider, netlify, token="not-the-token").create(site_inputs())


def test_missing_token_names_the_config_key(netlify, monkeypatch):
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    with pytest.raises(NetlifyError, match=r"pulumi config set --secret --path netlify.auth_token"):
        configured(SiteProvider, netlify, token=None).create(site_inputs())
    assert netlify.requests == []


def test_token_falls_back_to_environment(netlify, monkeypatch):
    monkeypatch.setenv(TOKEN_ENV, GOOD_TOKEN)
    result = configured(SiteProvider, netlify, token=None).create(site_inputs())
    assert result.id in netlify.sites


def test_env_failure_after_site_creation_removes_the_site(netlify):
    provider = configured(SiteProvider, netlify)
    netlify.env_status = 503
    with pytest.raises(NetlifyError, match=r"HTTP 503: env var service unavailable"):
        provider.create(site_inputs())
    assert any(m == "DELETE" and p.startswith("/sites/") for m, p in netlify.requests)
    assert netlify.sites == {}


def test_read_reports_site_deleted_outside_pulumi_as_gone(netlify):
    provider = configured(SiteProvider, netlify)
    created = provider.create(site_inputs())
    assert provider.read(created.id, created.outs).id == created.id
    del netlify.sites[created.id]
    gone = provider.read(created.id, created.outs)
    assert gone.id == ""


def test_read_sees_drift_in_domain_and_env(netlify):
    provider = configured(SiteProvider, netlify)
    created = provider.create(site_inputs())
    netlify.sites[created.id]["custom_domain"] = "other.org"
    netlify.env[created.id]["DANDI_API_URL"]["values"][0]["value"] = "https://tampered"
    outs = provider.read(created.id, created.outs).outs
    assert outs["custom_domain"] == "other.org"
    assert outs["env"] == {"DANDI_API_URL": "https://tampered"}
    assert provider.diff(created.id, outs, site_inputs()).changes is True


def test_diff(netlify):
    provider = configured(SiteProvider, netlify)
    olds = site_inputs()
    assert provider.diff("id", olds, site_inputs()).changes is False
    assert provider.diff("id", olds, site_inputs(domain_aliases=["www.example.org"])).changes is False
    changed = provider.diff("id", olds, site_inputs(env={"DANDI_API_URL": "https://api2.example.org"}))
    assert changed.changes is True
    assert changed.replaces == []
    moved = provider.diff("id", olds, site_inputs(account_slug="other-team"))
    assert moved.replaces == ["account_slug"]


def test_update_changes_domain_and_env_in_place(netlify):
    provider = configured(SiteProvider, netlify)
    created = provider.create(site_inputs(env={"DANDI_API_URL": "https://old", "STALE": "x"}))
    news = site_inputs(custom_domain="new.example.org", env={"DANDI_API_URL": "https://new", "ADDED": "y"})
    result = provider.update(created.id, created.outs, news)
    assert netlify.sites[created.id]["custom_domain"] == "new.example.org"
    env = {k: v["values"][0]["value"] for k, v in netlify.env[created.id].items()}
    assert env == {"DANDI_API_URL": "https://new", "ADDED": "y"}
    assert result.outs["custom_domain"] == "new.example.org"
    assert ("PATCH", f"/sites/{created.id}") in netlify.requests


def test_update_of_site_deleted_outside_pulumi_says_refresh(netlify):
    provider = configured(SiteProvider, netlify)
    created = provider.create(site_inputs())
    del netlify.sites[created.id]
    with pytest.raises(NetlifyError, match=r"pulumi refresh"):
        provider.update(created.id, created.outs, site_inputs(custom_domain="x.org"))


def test_delete_removes_site_and_tolerates_already_gone(netlify):
    provider = configured(SiteProvider, netlify)
    created = provider.create(site_inputs())
    provider.delete(created.id, created.outs)
    assert netlify.sites == {}
    provider.delete(created.id, created.outs)


def test_check_rejects_invalid_site_name(netlify):
    provider = configured(SiteProvider, netlify)
    result = provider.check({}, site_inputs(name="Not_Valid"))
    assert [f.property for f in result.failures] == ["name"]
    assert provider.check({}, site_inputs()).failures == []


def test_serialized_provider_holds_no_token_and_loads_in_a_fresh_process(netlify):
    provider = configured(SiteProvider, netlify)
    assert provider.client()  # configured: the token is present in memory
    blob = serialize_provider(provider)
    assert GOOD_TOKEN.encode() not in base64.b64decode(blob)
    assert GOOD_TOKEN not in blob
    code = (
        "import base64, sys, dill; p = dill.loads(base64.b64decode(sys.stdin.read())); "
        "print(type(p).__module__, p.base_url, hasattr(p, '_token'))"
    )
    out = subprocess.run([sys.executable, "-c", code], input=blob, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["components.netlify.provider", netlify.url, "False"]


def test_deploy_provider_uploads_only_required_files_and_replaces_on_change(netlify, tmp_path):
    provider = configured(DeployProvider, netlify)
    site_id = configured(SiteProvider, netlify).create(site_inputs()).id
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<html>v1</html>")
    (tmp_path / "assets" / "app.js").write_text("app()")
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "junk").write_text("skip me")
    extra = ui_runtime_files("https://api.example.org")
    digest = manifest_digest(collect_files(tmp_path, extra))
    props = {"site_id": site_id, "directory": str(tmp_path), "digest": digest, "extra_files": extra}

    first = provider.create(props)
    assert sorted(first.outs["uploaded"]) == ["/_redirects", "/assets/app.js", "/config.json", "/index.html"]
    assert first.outs["file_count"] == 4
    assert netlify.blobs[next(iter(netlify.blobs))]  # contents reached the store
    assert b'{"apiUrl": "https://api.example.org"}\n' in netlify.blobs.values()

    (tmp_path / "index.html").write_text("<html>v2</html>")
    new_digest = manifest_digest(collect_files(tmp_path, extra))
    diff = provider.diff(first.id, first.outs, {**props, "digest": new_digest})
    assert diff.replaces == ["digest"]
    assert provider.diff(first.id, first.outs, props).changes is False
    second = provider.create({**props, "digest": new_digest})
    assert second.outs["uploaded"] == ["/index.html"]
    assert provider.read(second.id, second.outs).outs["state"] == "ready"
    assert provider.read("no-such-deploy", second.outs).id == ""


def test_deploy_of_an_unbuilt_ui_fails_with_one_clear_line_and_sends_nothing(netlify, tmp_path):
    with pytest.raises(NetlifyError, match=r"does not exist: build the UI first.*`./dev up` builds it"):
        configured(DeployProvider, netlify).create(
            {"site_id": "s", "directory": str(tmp_path / "dist"), "digest": "d"}
        )
    assert netlify.requests == []
