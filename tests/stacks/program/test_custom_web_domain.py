"""A custom web domain (netlify.custom_domain) is where browsers come from: CORS and the app's links use it."""

from __future__ import annotations

from stacks.config.model import validate_environment
from stacks.documents import environment_storage_set, heroku_app_env
from stacks.plan.render import render
from stacks.program.stack import build
from tests.stacks.program.test_cloud import SITE, only

CUSTOM = "archive.example.net"
RAW = {
    "name": "prod",
    "prefix": "exarch",
    "domain": "example-archive.org",
    "netlify": {"custom_domain": CUSTOM},
    "storage": {"extra_cors_origins": ["https://neurosift.app"]},
}


def config():
    return validate_environment(RAW, source="test")


def test_app_env_allows_and_links_the_custom_domain():
    env = heroku_app_env(
        config(), bucket_name="b", access_key_id="k", secret_access_key="s", django_secret_key="d"
    )
    assert env.plain["DJANGO_CORS_ALLOWED_ORIGINS"] == f"https://{CUSTOM},https://neurosift.app"
    assert env.plain["DJANGO_DANDI_WEB_APP_URL"] == f"https://{CUSTOM}"


def test_bucket_cors_allows_uploads_from_the_custom_domain():
    data = environment_storage_set(config()).data
    origins = {origin for rule in data.cors["CORSRules"] for origin in rule["AllowedOrigins"]}
    assert f"https://{CUSTOM}" in origins
    assert "https://example-archive.org" not in origins


def test_site_and_web_url_output_use_the_custom_domain(tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "Procfile").write_text("web: gunicorn x\n")
    (tmp_path / "web" / "dist").mkdir(parents=True)
    (tmp_path / "web" / "dist" / "index.html").write_text("<html></html>")
    rendering = render(config(), program=lambda c: build(c, project_dir=tmp_path))
    assert only(rendering, SITE).inputs["custom_domain"] == CUSTOM
    assert rendering.outputs["web_url"] == f"https://{CUSTOM}"
