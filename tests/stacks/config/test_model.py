"""The environment model: loading stack files, per-kind defaults, names, and one-line errors for bad config."""

from pathlib import Path

import pytest
import yaml

from stacks.config.model import (
    ConfigError,
    EnvironmentKind,
    load_environment,
    local_environment,
)
from stacks.environments import CODE_ROOT

ROOT = CODE_ROOT


def write_stack(tmp_path: Path, env: str, text: str) -> Path:
    (tmp_path / f"Pulumi.{env}.yaml").write_text(text)
    return tmp_path


def test_repo_stacks_load_with_their_kinds_and_names():
    prod = load_environment("prod", ROOT)
    staging = load_environment("staging", ROOT)
    assert prod.kind is EnvironmentKind.prod
    assert staging.kind is EnvironmentKind.staging
    assert prod.names.data_bucket == "exarch-prod-dandisets"
    assert staging.names.log_bucket == "exarch-staging-dandiset-logs"
    assert prod.names.api_hostname == "api.example-archive.org"
    assert prod.storage.protect
    assert not prod.storage.force_destroy
    assert not staging.storage.protect
    assert staging.storage.force_destroy
    assert staging.dns.parent_zone_id == "Z04517273EXAMPLEPROD"


def test_local_needs_no_file_and_takes_overrides(tmp_path):
    local = load_environment("local", tmp_path)
    assert local.kind is EnvironmentKind.local
    assert local.names.stem == "dandi-local"
    assert local.domain == "localhost"
    assert local.heroku is None
    assert local.dns.manage is False
    assert local_environment(prefix="lab").names.data_bucket == "lab-local-dandisets"


def test_kind_defaults_fill_sections_the_file_leaves_out(tmp_path):
    write_stack(
        tmp_path,
        "sandbox-alice",
        "config:\n  dandi-stack:domain: alice.sandbox.example.org\n  dandi-stack:sandbox: {owner: alice}\n",
    )
    sandbox = load_environment("sandbox-alice", tmp_path)
    assert sandbox.kind is EnvironmentKind.sandbox
    assert sandbox.storage.force_destroy
    assert not sandbox.storage.protect
    assert sandbox.heroku is not None
    assert sandbox.heroku.postgres_plan == "heroku-postgresql:essential-0"
    assert sandbox.tags["dandi-stack:owner"] == "alice"


def test_secure_values_are_kept_encrypted_and_flagged(tmp_path):
    write_stack(
        tmp_path,
        "staging",
        "config:\n  dandi-stack:domain: s.example.org\n"
        "  dandi-stack:sentry:\n    dsn:\n      secure: v1:abcdef\n",
    )
    staging = load_environment("staging", tmp_path)
    assert staging.encrypted_keys == ("sentry.dsn",)
    assert "v1:abcdef" not in repr(staging)


def test_unknown_environment_lists_the_known_ones(tmp_path):
    write_stack(tmp_path, "staging", "config: {}\n")
    with pytest.raises(ConfigError) as err:
        load_environment("stagign", tmp_path)
    assert str(err.value) == (
        "Pulumi.stagign.yaml: no such environment 'stagign'; known: staging, local (e.g. dandi-stack plan staging)"
    )


def test_pulumi_yaml_declares_the_model_scalars_with_the_same_defaults_and_descriptions():
    from stacks.config.model import EnvironmentConfig

    declared = yaml.safe_load((ROOT / "Pulumi.yaml").read_text())["config"]
    fields = EnvironmentConfig.model_fields
    assert set(declared) == {"kind", "prefix", "domain", "aws_region"}
    for key, decl in declared.items():
        assert decl["type"] == "string", key
        assert decl["description"] == fields[key].description, key
        if "default" in decl:
            assert decl["default"] == fields[key].default, key


def test_stack_files_hold_no_plain_secrets():
    for path in ROOT.glob("Pulumi.*.yaml"):
        text = path.read_text().lower()
        for word in ("dsn:", "auth_token:", "password", "secret_access_key"):
            assert word not in text or "secure:" in text, f"{path.name} has {word} in plain text"


# Each bad config gives exactly one line: the file, the key, what is wrong, and an allowed example.
BAD_CONFIGS = [
    (
        "prod",
        "dandi-stack:domain: Example.ORG",
        "Pulumi.prod.yaml: dandi-stack:domain: 'Example.ORG' is not a lowercase DNS name (e.g. example-archive.org)",
    ),
    (
        "prod",
        "dandi-stack:domain: a.org\n  dandi-stack:kind: production",
        "Pulumi.prod.yaml: dandi-stack:kind: Input should be 'prod', 'staging', 'sandbox' or 'local', got 'production' "
        "(e.g. one of prod, staging, sandbox, local)",
    ),
    (
        "prod",
        "dandi-stack:domain: a.org\n  dandi-stack:storage: {blob_noncurrent_days: 0}",
        "Pulumi.prod.yaml: dandi-stack:storage.blob_noncurrent_days: Input should be greater than or equal to 1, got 0 "
        "(e.g. 30)",
    ),
    (
        "prod",
        "dandi-stack:domain: a.org\n  dandi-stack:storage: {publik: true}",
        "Pulumi.prod.yaml: dandi-stack:storage.publik: unknown key (known here: abort_multipart_days, "
        "blob_noncurrent_days, extra_cors_origins, force_destroy, inventory_frequency, log_retention_days, "
        "manifest_noncurrent_days, protect, public, zarr_noncurrent_days)",
    ),
    (
        "prod",
        "dandi-stack:domain: a.org\n  dandi-stack:storage: {protect: false}",
        "Pulumi.prod.yaml: dandi-stack:storage.protect: must be true for prod (data must survive a destroy) (e.g. true)",
    ),
    (
        "staging",
        "dandi-stack:domain: a.org\n  dandi-stack:storage: {protect: true, force_destroy: true}",
        "Pulumi.staging.yaml: dandi-stack:storage.force_destroy: cannot be true while storage.protect is true "
        "(e.g. force_destroy: false)",
    ),
    (
        "staging",
        "dandi-stack:domain: a.org\n  dandi-stack:prefix: my.lab",
        "Pulumi.staging.yaml: dandi-stack:prefix: String should match pattern '^[a-z][a-z0-9-]{1,20}[a-z0-9]$', "
        "got 'my.lab' (e.g. exarch)",
    ),
    (
        "staging",
        "dandi-stack:domain: a.org\n  dandi-stack:prefix: sthree-lab",
        "Pulumi.staging.yaml: dandi-stack:prefix: gives bucket name 'sthree-lab-staging-dandisets', which starts with "
        "a prefix S3 reserves (e.g. exarch)",
    ),
    (
        "staging",
        "dandi-stack:domain: a.org\n  dandi-stack:identity: {embargo_readers: [backup]}",
        "Pulumi.staging.yaml: dandi-stack:identity.embargo_readers: 'backup' is not an IAM user/role ARN "
        '(e.g. ["arn:aws:iam::123456789012:user/backup"])',
    ),
    (
        "staging",
        "dandi-stack:domain: a.org\n  dandi-stack:storage: {extra_cors_origins: ['https://x.org/path']}",
        "Pulumi.staging.yaml: dandi-stack:storage.extra_cors_origins: 'https://x.org/path' is not an origin "
        '(scheme://host[:port], no path) (e.g. ["https://neurosift.app"])',
    ),
    (
        "staging",
        "dandi-stack:domain: a.org\n  dandi-stack:heroku: {web: {size: huge, quantity: 1}}",
        "Pulumi.staging.yaml: dandi-stack:heroku.web.size: Input should be 'eco', 'basic', 'standard-1x', "
        "'standard-2x', 'performance-m' or 'performance-l', got 'huge' (e.g. one of eco, basic, standard-1x, "
        "standard-2x, performance-m, performance-l)",
    ),
    (
        "staging",
        "dandi-stack:domain: a.org\n  dandi-stack:sentry: {dsn: 'https://k@o1.ingest.sentry.io/1'}",
        "Pulumi.staging.yaml: dandi-stack:sentry.dsn: secret in plain text; store it encrypted "
        "(e.g. pulumi config set --secret --path sentry.dsn <value>)",
    ),
    (
        "staging",
        "dandi-stack:domain: a.org\n  dandi-stack:dns: {existing_zone_id: zone1}",
        "Pulumi.staging.yaml: dandi-stack:dns.existing_zone_id: String should match pattern '^Z[A-Z0-9]{1,32}$', "
        "got 'zone1' (e.g. Z0123456789ABCDEFGHIJ)",
    ),
    (
        "sandbox-bob",
        "dandi-stack:domain: bob.example.org",
        "Pulumi.sandbox-bob.yaml: dandi-stack:sandbox: is required for a sandbox (owner, ttl_hours) "
        "(e.g. sandbox: {owner: alice})",
    ),
    (
        "staging",
        "domain: a.org",
        "Pulumi.staging.yaml: domain: key has no namespace; write dandi-stack:domain",
    ),
    (
        "prod",
        "dandi-stack:prefix: exarch",
        "Pulumi.prod.yaml: dandi-stack:domain: missing (e.g. example-archive.org)",
    ),
    (
        "qa",
        "dandi-stack:domain: qa.example.org",
        "Pulumi.qa.yaml: dandi-stack:kind: missing (e.g. one of prod, staging, sandbox, local)",
    ),
]


@pytest.mark.parametrize(
    ("env", "body", "expected"), BAD_CONFIGS, ids=[f"{i:02d}" for i in range(len(BAD_CONFIGS))]
)
def test_bad_config_gives_one_line(tmp_path, env, body, expected):
    write_stack(tmp_path, env, f"config:\n  {body}\n")
    with pytest.raises(ConfigError) as err:
        load_environment(env, tmp_path)
    assert str(err.value) == expected
    assert "\n" not in str(err.value)


def test_from_pulumi_config_reads_the_engines_config_like_the_file():
    """Inside a program the engine hands over decrypted values, objects as JSON strings; same model results."""
    import json

    from stacks.plan.render import render
    from stacks.program.pulumi_config import from_pulumi_config

    stack = yaml.safe_load((ROOT / "Pulumi.staging.yaml").read_text())["config"]
    engine_config = {k: v if isinstance(v, str) else json.dumps(v) for k, v in stack.items()}
    engine_config["dandi-stack:sentry"] = json.dumps({"environment": "staging", "dsn": "https://k@s.io/1"})
    seen = {}

    def program(_config):
        seen["config"] = from_pulumi_config()
        return {}

    from_file = load_environment("staging", ROOT)
    render(from_file, program=program, engine_config=engine_config, secret_keys=["dandi-stack:sentry"])
    from_engine = seen["config"]
    assert from_engine.sentry.dsn.get_secret_value() == "https://k@s.io/1"
    assert from_engine.model_dump(exclude={"sentry", "encrypted_keys"}) == from_file.model_dump(
        exclude={"sentry", "encrypted_keys"}
    )


def test_readme_config_reference_matches_the_model():
    from stacks.config.reference import reference_markdown

    assert reference_markdown() in (ROOT / "README.md").read_text(), "run: python -m stacks.config.reference"


def test_malformed_yaml_names_the_file_and_line(tmp_path):
    write_stack(tmp_path, "staging", "config:\n  dandi-stack:domain: [unclosed\n")
    with pytest.raises(ConfigError) as err:
        load_environment("staging", tmp_path)
    assert str(err.value) == (
        "Pulumi.staging.yaml: not valid YAML at line 3 (e.g. config: {dandi-stack:domain: example.org})"
    )
