"""The full stack program per environment (staging, prod, a sandbox) rendered under mocks: the cloud parts."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from stacks.config.model import load_environment, validate_environment
from stacks.environments import CODE_ROOT
from stacks.plan.render import Secret, render
from stacks.program.stack import build

ROOT = CODE_ROOT
SENTRY_DSN = "https://abc123@o1.ingest.sentry.example/42"
DRAIN = "syslog+tls://logs.example.org:12345"

HEROKU = "heroku:"
APP = "heroku:app/app:App"
ADDON = "heroku:addon/addon:Addon"
CONFIG = "heroku:app/configAssociation:ConfigAssociation"
BUILD = "heroku:build/build:Build"
FORMATION = "heroku:formation/formation:Formation"
DOMAIN = "heroku:domain/domain:Domain"
DRAIN_T = "heroku:drain/drain:Drain"
PIPELINE = "heroku:pipeline/pipeline:Pipeline"
COUPLING = "heroku:pipeline/coupling:Coupling"
SITE = "pulumi-python:dynamic/netlify:Site"
DEPLOY = "pulumi-python:dynamic/netlify:Deploy"
SECRET_KEY = "pulumi-python:dynamic/random:GeneratedSecret"
RECORD = "aws:route53/record:Record"
STACK_REF = "pulumi:pulumi:StackReference"


@pytest.fixture
def project(tmp_path):
    """A project directory holding a built web UI and an app with a Procfile."""
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "Procfile").write_text("web: gunicorn x\n")
    (tmp_path / "web" / "dist").mkdir(parents=True)
    (tmp_path / "web" / "dist" / "index.html").write_text("<html></html>")
    return tmp_path


def with_secrets(name: str, **sections):
    """A stack file's config as the engine hands it to the program: secure values decrypted."""
    config = load_environment(name, ROOT).model_dump(mode="json", exclude={"encrypted_keys", "name"})
    config["sentry"] = {**(config.get("sentry") or {}), "dsn": SENTRY_DSN}
    for key, value in sections.items():
        config[key] = {**(config.get(key) or {}), **value}
    return validate_environment({**config, "name": name}, source=f"stack {name}")


def sandbox_config(**heroku):
    raw = {
        "name": "sandbox-alice",
        "prefix": "exarch",
        "domain": "alice.sandbox.example-archive.org",
        "dns": {"manage": True, "parent_zone_id": "Z04517273EXAMPLESBX"},
        "sandbox": {"owner": "alice", "ttl_hours": 24},
        "sentry": {"dsn": SENTRY_DSN},
        "heroku": heroku,
    }
    return validate_environment(raw, source="stack sandbox-alice")


def run(config, project_dir):
    return render(config, program=lambda c: build(c, project_dir=project_dir))


@pytest.fixture
def prod(project):
    return run(with_secrets("prod", heroku={"log_drain_url": DRAIN}), project)


@pytest.fixture
def staging(project):
    return run(with_secrets("staging"), project)


@pytest.fixture
def sandbox(project):
    return run(sandbox_config(), project)


def cloud_counts(rendering):
    return Counter(
        r.type
        for r in rendering.resources
        if r.type.startswith((HEROKU, "pulumi-python:dynamic/", STACK_REF, "dandi:api", "dandi:web"))
    )


def only(rendering, type_):
    (resource,) = rendering.of_type(type_)
    return resource


def test_resource_types_and_counts_per_environment(prod, staging, sandbox):
    common = {
        APP: 1,
        CONFIG: 1,
        BUILD: 1,
        FORMATION: 3,
        DOMAIN: 1,
        SITE: 1,
        DEPLOY: 1,
        SECRET_KEY: 1,
        "dandi:api:HerokuApi": 1,
        "dandi:web:NetlifySite": 1,
    }
    assert cloud_counts(prod) == Counter(
        {**common, ADDON: 3, DRAIN_T: 1, PIPELINE: 1, COUPLING: 1, "dandi:api:HerokuPipeline": 1}
    )
    assert cloud_counts(staging) == Counter({**common, ADDON: 3, COUPLING: 1})
    assert cloud_counts(sandbox) == Counter({**common, ADDON: 2})
    plans = sorted(r.inputs["plan"] for r in prod.of_type(ADDON))
    assert plans == ["cloudamqp:squirrel-1", "heroku-postgresql:standard-0", "papertrail:fredrik"]
    assert sorted(r.inputs["plan"] for r in sandbox.of_type(ADDON)) == [
        "cloudamqp:lemur",
        "heroku-postgresql:essential-0",
    ]


def test_app_is_team_owned_python_with_acm_region_and_stack(prod):
    app = only(prod, APP)
    assert app.inputs["organization"] == {"name": "example-lab"}, app.urn
    assert app.inputs["buildpacks"] == ["heroku/python"], app.urn
    assert app.inputs["acm"] is True, app.urn
    assert (app.inputs["region"], app.inputs["stack"], app.inputs["name"]) == (
        "us",
        "heroku-24",
        "exarch-prod-api",
    )


def test_formation_sizes_come_from_config(prod, project):
    sizes = {r.inputs["type"]: (r.inputs["size"], r.inputs["quantity"]) for r in prod.of_type(FORMATION)}
    assert sizes == {
        "web": ("standard-2x", 3),
        "worker": ("standard-2x", 1),
        "checksum-worker": ("standard-2x", 1),
    }
    custom = run(
        sandbox_config(
            web={"size": "performance-m", "quantity": 2},
            worker={"size": "standard-2x", "quantity": 1},
            checksum_worker={"size": "standard-1x", "quantity": 0},
        ),
        project,
    )
    sizes = {r.inputs["type"]: (r.inputs["size"], r.inputs["quantity"]) for r in custom.of_type(FORMATION)}
    assert sizes == {
        "web": ("performance-m", 2),
        "worker": ("standard-2x", 1),
        "checksum-worker": ("standard-1x", 0),
    }


def test_formations_depend_on_the_build_which_waits_for_addons_and_config(prod):
    build_ = only(prod, BUILD)
    for formation in prod.of_type(FORMATION):
        assert build_.urn in formation.dependencies, formation.urn
    for needed in [*prod.of_type(ADDON), only(prod, CONFIG)]:
        assert needed.urn in build_.dependencies, needed.urn


def test_build_source_is_the_bundled_app_or_a_url(prod, project):
    source = only(prod, BUILD).inputs["source"]
    assert (Path.cwd() / source["path"]).resolve().parent == (project / ".state" / "builds").resolve()
    assert source["path"].endswith(f"app-{source['version']}.tar.gz")
    url = "https://example.org/releases/app-1.2.tgz"
    checksum = "SHA256:" + "a" * 64
    rendering = run(sandbox_config(build_source=url, build_checksum=checksum), project)
    assert only(rendering, BUILD).inputs["source"] == {"url": url, "checksum": checksum}


def test_missing_app_directory_is_one_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"heroku.build_source 'app': .* holds no Procfile"):
        run(sandbox_config(), tmp_path)


def reveal(value):
    return value.value if isinstance(value, Secret) else value


def walk_plain(value, path=""):
    """Every non-secret leaf with its path."""
    if isinstance(value, Secret):
        return
    if isinstance(value, dict):
        for key, item in value.items():
            yield from walk_plain(item, f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from walk_plain(item, f"{path}[{i}]")
    else:
        yield path, value


@pytest.mark.parametrize("env", ["prod", "staging", "sandbox"])
def test_secrets_reach_heroku_only_as_sensitive_config_vars(env, request):
    rendering = request.getfixturevalue(env)
    config = only(rendering, CONFIG)
    assert isinstance(config.inputs["sensitiveVars"], Secret), config.urn
    sensitive = {k: reveal(v) for k, v in config.inputs["sensitiveVars"].value.items()}
    assert set(sensitive) == {
        "AWS_SECRET_ACCESS_KEY",
        "DJANGO_SECRET_KEY",
        "DJANGO_SENTRY_DSN",
        "DJANGO_EMAIL_URL",
    }, config.urn
    assert sensitive["DJANGO_SENTRY_DSN"] == SENTRY_DSN
    aws_secret = rendering.outputs["api_secret_access_key"]
    assert isinstance(aws_secret, Secret)
    assert sensitive["AWS_SECRET_ACCESS_KEY"] == aws_secret.value
    assert sensitive["DJANGO_SECRET_KEY"].startswith("mock-generated-")
    secret_values = {SENTRY_DSN, DRAIN, aws_secret.value, sensitive["DJANGO_SECRET_KEY"]}
    leaks = [
        (r.urn, path)
        for r in rendering.resources
        for path, value in walk_plain(dict(r.inputs))
        if isinstance(value, str) and any(s in value for s in secret_values)
    ]
    assert leaks == []
    plain_outputs = [
        k
        for k, v in rendering.outputs.items()
        if not isinstance(v, Secret) and any(s in json.dumps(v) for s in secret_values)
    ]
    assert plain_outputs == []
    app = only(rendering, APP)
    assert "configVars" not in app.inputs, app.urn
    assert "sensitiveConfigVars" not in app.inputs, app.urn


def test_generated_secret_key_and_drain_are_secret(prod):
    assert only(prod, SECRET_KEY).additional_secret_outputs == ("value",)
    assert only(prod, DRAIN_T).inputs["sensitiveUrl"] == Secret(DRAIN)


def test_plain_config_vars_wire_storage_identity_and_urls(prod):
    plain = only(prod, CONFIG).inputs["vars"]
    assert plain["DJANGO_STORAGE_BUCKET_NAME"] == prod.outputs["data_bucket_name"]
    assert plain["AWS_ACCESS_KEY_ID"] == prod.outputs["api_access_key_id"]
    assert plain["DJANGO_DANDI_API_URL"] == "https://api.example-archive.org"
    assert plain["DJANGO_DANDI_WEB_APP_URL"] == "https://example-archive.org"
    assert plain["DJANGO_CORS_ALLOWED_ORIGINS"] == "https://example-archive.org,https://neurosift.app"
    hosts = plain["DJANGO_ALLOWED_HOSTS"].split(",")
    assert hosts[0] == "api.example-archive.org"
    assert hosts[1].endswith(".herokuapp.com")
    assert plain["DJANGO_SENTRY_ENVIRONMENT"] == "production"


@pytest.mark.parametrize("env", ["prod", "staging", "sandbox"])
def test_route53_api_record_targets_the_heroku_domain_cname(env, request):
    rendering = request.getfixturevalue(env)
    domain = only(rendering, DOMAIN)
    (api,) = [r for r in rendering.of_type(RECORD) if r.inputs["name"] == domain.inputs["hostname"]]
    assert api.inputs["type"] == "CNAME", api.urn
    assert api.inputs["records"] == [rendering.outputs["heroku_dns_target"]], api.urn
    assert api.inputs["records"][0].endswith(".herokudns.com")
    assert domain.urn in api.dependencies, api.urn


def test_web_dns_points_apex_at_netlify_and_www_at_the_site(prod):
    records = {r.inputs["name"]: r for r in prod.of_type(RECORD)}
    apex, www = records["example-archive.org"], records["www.example-archive.org"]
    assert (apex.inputs["type"], apex.inputs["records"]) == ("A", ["75.2.60.5"])
    assert (www.inputs["type"], www.inputs["records"]) == ("CNAME", ["exarch-prod-web.netlify.app"])


@pytest.mark.parametrize("env", ["prod", "staging", "sandbox"])
def test_netlify_site_gets_the_api_url(env, request):
    rendering = request.getfixturevalue(env)
    site, deploy = only(rendering, SITE), only(rendering, DEPLOY)
    api_url = rendering.outputs["api_url"]
    assert site.inputs["env"] == {"DANDI_API_URL": api_url}, site.urn
    assert json.loads(deploy.inputs["extra_files"]["config.json"]) == {"apiUrl": api_url}, deploy.urn
    assert f"/server-info  {api_url}/server-info  200" in deploy.inputs["extra_files"]["_redirects"]
    assert site.urn in deploy.dependencies


def test_netlify_site_domain_and_token_handling(prod):
    site = only(prod, SITE)
    assert site.inputs["custom_domain"] == "example-archive.org"
    assert site.inputs["domain_aliases"] == ["www.example-archive.org"]
    assert site.inputs["account_slug"] == "example-lab"
    provider_blob = site.inputs["__provider"]
    assert not isinstance(provider_blob, Secret)  # holds only the base URL and the config key name
    assert "auth_token" not in json.dumps(dict(site.inputs, __provider=""))


def test_deploy_is_named_by_ui_sources_not_by_whether_the_ui_is_built(project):
    """An offline plan (no build) must declare the same deploy the engine will: only sources count."""
    import shutil

    (project / "web" / "src").mkdir()
    (project / "web" / "src" / "main.js").write_text("start()")
    built = only(run(sandbox_config(), project), DEPLOY).inputs["digest"]
    shutil.rmtree(project / "web" / "dist")
    unbuilt = run(sandbox_config(), project)
    assert len(unbuilt.of_type(SITE)) == 1
    assert only(unbuilt, DEPLOY).inputs["digest"] == built
    (project / "web" / "src" / "main.js").write_text("start(2)")
    assert only(run(sandbox_config(), project), DEPLOY).inputs["digest"] != built


def test_pipeline_owned_by_prod_staging_joins_sandbox_never(prod, staging, sandbox):
    (coupling,) = prod.of_type(COUPLING)
    assert coupling.inputs["stage"] == "production"
    assert coupling.inputs["appId"] == prod.outputs["heroku_app_id"]
    assert coupling.inputs["pipeline"] == prod.outputs["heroku_pipeline_id"]
    assert only(prod, PIPELINE).inputs["name"] == "exarch-pipeline"

    (joined,) = staging.of_type(COUPLING)
    # A StackReference is read, not registered, so it shows only as the coupling's dependency.
    refs = [urn for urn in joined.dependencies if f"{STACK_REF}::" in urn]
    assert [urn.rsplit("::", 1)[1] for urn in refs] == ["organization/dandi-stack/prod"]
    assert joined.inputs["stage"] == "staging"
    assert joined.inputs["appId"] == staging.outputs["heroku_app_id"]
    assert joined.inputs["pipeline"]
    assert "heroku_pipeline_id" not in staging.outputs

    assert [r.type for r in sandbox.resources if r.type in (PIPELINE, COUPLING)] == []
    assert not [d for r in sandbox.resources for d in r.dependencies if STACK_REF in d]
    assert "heroku_pipeline_id" not in sandbox.outputs


def test_staging_can_run_unattached(project):
    rendering = run(with_secrets("staging", heroku={"pipeline_stack": None}), project)
    assert rendering.of_type(COUPLING) == []
    assert not [d for r in rendering.resources for d in r.dependencies if STACK_REF in d]


@pytest.mark.parametrize(("env", "protected"), [("prod", True), ("staging", False), ("sandbox", False)])
def test_data_holding_heroku_resources_protected_only_in_prod(env, protected, request):
    rendering = request.getfixturevalue(env)
    postgres = next(r for r in rendering.of_type(ADDON) if r.inputs["plan"].startswith("heroku-postgresql"))
    assert only(rendering, APP).protect is protected
    assert postgres.protect is protected, postgres.urn
    unprotected_types = {FORMATION, BUILD, SITE, DEPLOY, CONFIG}
    assert not [r.urn for r in rendering.resources if r.type in unprotected_types and r.protect]


def test_outputs(prod, sandbox):
    assert prod.outputs["api_url"] == "https://api.example-archive.org"
    assert prod.outputs["web_url"] == "https://example-archive.org"
    assert prod.outputs["heroku_app_name"] == "exarch-prod-api"
    assert prod.outputs["netlify_site_domain"] == "exarch-prod-web.netlify.app"
    assert prod.outputs["heroku_pipeline_id"]
    assert sandbox.outputs["api_url"] == "https://api.alice.sandbox.example-archive.org"
    assert sandbox.outputs["heroku_app_name"] == "exarch-sandbox-alice-api"


def test_sentry_project_behind_a_flag_feeds_its_dsn_as_a_secret(project):
    raw = sandbox_config().model_dump(mode="json", exclude={"encrypted_keys", "name"})
    raw["sentry"] = {"project": {"organization": "example-lab", "team": "backend"}}
    rendering = run(
        validate_environment({**raw, "name": "sandbox-alice"}, source="stack sandbox-alice"), project
    )
    sentry_project = only(rendering, "sentry:index/sentryProject:SentryProject")
    key = only(rendering, "sentry:index/sentryKey:SentryKey")
    assert sentry_project.inputs["slug"] == "exarch-sandbox-alice"
    assert sentry_project.inputs["teams"] == ["backend"]
    assert sentry_project.inputs["platform"] == "python-django"
    assert key.inputs["project"] == "exarch-sandbox-alice"
    config = only(rendering, CONFIG)
    dsn = reveal(config.inputs["sensitiveVars"].value["DJANGO_SENTRY_DSN"])
    assert dsn.startswith("https://")
    assert "@o0.ingest.sentry.example/" in dsn  # the key's DSN (render fake), not a configured one
    assert key.urn in config.dependencies
    assert not [p for p, v in walk_plain(dict(config.inputs)) if v == dsn]
    assert only(rendering, CONFIG).inputs["vars"]["DJANGO_SENTRY_ENVIRONMENT"] == "sandbox-alice"


def test_without_the_flag_no_sentry_resources_exist(prod, staging, sandbox):
    for rendering in (prod, staging, sandbox):
        assert [r.type for r in rendering.resources if r.type.startswith("sentry:")] == []
