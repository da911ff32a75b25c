"""The `auth` section: GitHub OAuth app, local accounts, admins, auto-approved domains; bad input is one line
naming the key."""

from __future__ import annotations

import pytest

from stacks.config.model import ConfigError, load_environment, validate_environment

BASE = {"prefix": "exarch", "dns": {"manage": True}, "domain": "example-archive.org"}
GITHUB = {"client_id": "Ov23liExampleClientId", "client_secret": "s3cr3t-from-github"}


def load(auth, *, source="stack prod", encrypted=()):
    return validate_environment({**BASE, "name": "prod", "auth": auth}, source=source, encrypted=encrypted)


def one_line(excinfo: pytest.ExceptionInfo[ConfigError]) -> str:
    assert len(excinfo.value.problems) == 1, excinfo.value.problems
    return excinfo.value.problems[0]


def test_a_full_auth_section_is_accepted():
    config = load(
        {
            "github": GITHUB,
            "local_accounts": True,
            "admins": ["octocat", "lab-manager@example.org"],
            "auto_approve_domains": ["example.edu"],
            "admin_email": "archive-admins@example.org",
        }
    )
    assert config.auth.github.client_secret.get_secret_value() == "s3cr3t-from-github"
    assert "s3cr3t" not in repr(config)
    assert load({}).auth.github is None
    assert load({}).auth.local_accounts is False


def test_missing_client_secret_is_one_line_naming_the_key():
    with pytest.raises(ConfigError) as excinfo:
        load({"github": {"client_id": "Ov23liExampleClientId"}})
    assert (
        one_line(excinfo)
        == "stack prod: dandi-stack:auth.github.client_secret: missing (e.g. secure: v1:...)"
    )


def test_plain_text_client_secret_in_a_stack_file_is_refused():
    with pytest.raises(ConfigError) as excinfo:
        load({"github": GITHUB}, source="Pulumi.prod.yaml")
    assert one_line(excinfo) == (
        "Pulumi.prod.yaml: dandi-stack:auth.github.client_secret: secret in plain text; store it encrypted "
        "(e.g. pulumi config set --secret --path auth.github.client_secret <value>)"
    )
    config = load({"github": GITHUB}, source="Pulumi.prod.yaml", encrypted=("auth.github.client_secret",))
    assert config.auth.github is not None


def test_stack_file_with_a_secure_client_secret_loads(tmp_path):
    (tmp_path / "Pulumi.prod.yaml").write_text(
        "config:\n"
        "  dandi-stack:domain: example-archive.org\n"
        "  dandi-stack:dns: {manage: true}\n"
        "  dandi-stack:auth:\n"
        "    github:\n"
        "      client_id: Ov23liExampleClientId\n"
        "      client_secret:\n"
        "        secure: v1:AAAABBBBCCCC\n"
    )
    config = load_environment("prod", tmp_path)
    assert "auth.github.client_secret" in config.encrypted_keys


@pytest.mark.parametrize(("entry", "index"), [("not a user!", 1), ("-octocat", 1), ("a" * 40, 1), ("x@", 1)])
def test_an_admin_that_is_neither_username_nor_email_is_one_line(entry, index):
    with pytest.raises(ConfigError) as excinfo:
        load({"admins": ["octocat", entry]})
    assert one_line(excinfo) == (
        f"stack prod: dandi-stack:auth.admins[{index}]: {entry!r} is neither a GitHub username nor an email "
        "address (e.g. octocat or lab-manager@example.org)"
    )


def test_bad_domain_and_addresses_name_their_keys():
    with pytest.raises(
        ConfigError, match=r"dandi-stack:auth.auto_approve_domains\[0\]: 'Example.EDU' is not"
    ):
        load({"auto_approve_domains": ["Example.EDU"]})
    with pytest.raises(ConfigError, match=r"dandi-stack:auth.mail_from: 'noreply' is not an email address"):
        load({"mail_from": "noreply"})
