"""`init` and `config validate`: stack files written and checked by the config model, one line per problem."""

from __future__ import annotations

from typer.testing import CliRunner

from cli.main import app
from stacks.config.model import load_environment

runner = CliRunner()


def test_init_writes_a_validated_stack_file(project):
    result = runner.invoke(
        app, ["init", "qa", "--kind", "staging", "--domain", "qa.example.org", "--prefix", "exq"]
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == "wrote Pulumi.qa.yaml; next: dandi-stack plan qa, then dandi-stack up qa\n"
    assert (project / "Pulumi.qa.yaml").read_text() == (
        '# qa: created by `dandi-stack init`. Every key and its default: "Config reference" in README.md.\n'
        "config:\n"
        "  dandi-stack:kind: staging\n"
        "  dandi-stack:domain: qa.example.org\n"
        "  dandi-stack:prefix: exq\n"
    )
    config = load_environment("qa", project)
    assert (config.kind, config.names.data_bucket) == ("staging", "exq-qa-dandisets")


def test_init_infers_kind_from_name(project):
    (project / "Pulumi.prod.yaml").unlink()
    result = runner.invoke(app, ["init", "prod", "--domain", "archive.example.org"])
    assert result.exit_code == 0, result.output
    assert "dandi-stack:kind: prod\n" in (project / "Pulumi.prod.yaml").read_text()


def test_init_refuses_to_overwrite(project):
    before = (project / "Pulumi.prod.yaml").read_text()
    result = runner.invoke(app, ["init", "prod", "--domain", "archive.example.org"])
    assert result.exit_code == 2
    assert result.stderr == "error: Pulumi.prod.yaml already exists; edit it, or pass --force to replace it\n"
    assert (project / "Pulumi.prod.yaml").read_text() == before


def test_init_invalid_config_writes_nothing(project):
    result = runner.invoke(app, ["init", "qa", "--kind", "prod", "--domain", "Not_A_Domain"])
    assert result.exit_code == 2
    assert result.stderr == (
        "error: Pulumi.qa.yaml: dandi-stack:domain: 'Not_A_Domain' is not a lowercase DNS name "
        "(e.g. example-archive.org)\n"
    )
    assert not (project / "Pulumi.qa.yaml").exists()


def test_init_needs_a_kind_it_can_make(project):
    unknown = runner.invoke(app, ["init", "qa", "--domain", "qa.example.org"])
    assert unknown.exit_code == 2
    assert (
        unknown.stderr
        == "error: cannot tell the kind of 'qa' from its name; pass --kind prod or --kind staging\n"
    )
    sandbox = runner.invoke(app, ["init", "qa", "--kind", "sandbox", "--domain", "qa.example.org"])
    assert sandbox.exit_code == 2
    assert sandbox.stderr == (
        "error: --kind 'sandbox' is not made with init: use prod or staging (`dandi-stack sandbox create "
        "NAME` "
        "makes sandboxes)\n"
    )
    bad_name = runner.invoke(app, ["init", "QA", "--domain", "qa.example.org"])
    assert bad_name.exit_code == 2
    assert bad_name.stderr == (
        "error: invalid environment name 'QA': use lowercase letters, digits and dashes, starting with a "
        "letter, 30 characters at most\n"
    )
    # init and the config model share one name pattern: a name the model would refuse is refused here
    too_long = "q" * 31
    refused = runner.invoke(app, ["init", too_long, "--kind", "staging", "--domain", "qa.example.org"])
    assert refused.exit_code == 2
    assert refused.stderr.startswith(f"error: invalid environment name {too_long!r}")


def test_config_validate_all_ok(project):
    result = runner.invoke(app, ["config", "validate"])
    assert result.exit_code == 0
    assert result.stdout == "ok: Pulumi.prod.yaml (prod)\nok: Pulumi.staging.yaml (staging)\n"


def test_config_validate_reports_every_problem_on_its_own_line(project):
    (project / "Pulumi.staging.yaml").write_text(
        "config:\n"
        "  dandi-stack:kind: staging\n"
        "  dandi-stack:domain: staging.example.org\n"
        "  dandi-stack:sentry:\n"
        "    dsn: https://key@sentry.example.org/1\n"
        "  dandi-stack:netlify:\n"
        "    auth_token: plain\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["config", "validate"])
    assert result.exit_code == 2
    assert result.stdout == "ok: Pulumi.prod.yaml (prod)\n"
    # The model reports these two in no fixed order (it walks a set).
    assert sorted(result.stderr.splitlines()) == [
        "error: Pulumi.staging.yaml: dandi-stack:netlify.auth_token: secret in plain text; store it "
        "encrypted "
        "(e.g. pulumi config set --secret --path netlify.auth_token <value>)",
        "error: Pulumi.staging.yaml: dandi-stack:sentry.dsn: secret in plain text; store it encrypted "
        "(e.g. pulumi config set --secret --path sentry.dsn <value>)",
    ]


def test_config_validate_one_environment(project):
    (project / "Pulumi.staging.yaml").write_text("config:\n  dandi-stack:kind: qa\n", encoding="utf-8")
    only_prod = runner.invoke(app, ["config", "validate", "prod"])
    assert only_prod.exit_code == 0
    assert only_prod.stdout == "ok: Pulumi.prod.yaml (prod)\n"
    staging = runner.invoke(app, ["config", "validate", "staging"])
    assert staging.exit_code == 2
    assert staging.stderr.startswith("error: Pulumi.staging.yaml: dandi-stack:kind: ")


def test_config_validate_unknown_environment(project):
    result = runner.invoke(app, ["config", "validate", "qa"])
    assert result.exit_code == 2
    assert result.stderr == "error: unknown environment 'qa'; known environments: local, prod, staging\n"


def test_config_validate_bad_yaml(project):
    (project / "Pulumi.prod.yaml").write_text("config: [unclosed\n", encoding="utf-8")
    result = runner.invoke(app, ["config", "validate", "prod"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: Pulumi.prod.yaml: not valid YAML at line ")


def test_project_dir_without_pulumi_yaml(tmp_path, monkeypatch):
    monkeypatch.delenv("DANDI_STACK_PROJECT_DIR", raising=False)
    result = runner.invoke(app, ["config", "validate", "--project-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert (
        result.stderr == f"error: {tmp_path} holds no Pulumi.yaml; pass the dandi-stack project directory\n"
    )
