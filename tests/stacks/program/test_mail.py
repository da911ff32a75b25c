"""People in the rendered staging and prod stacks (program under mocks): SES identity with DKIM, MAIL FROM and
DMARC records in the zone, an SMTP user limited to sending from that identity, the sensitive DJANGO_EMAIL_URL,
the GitHub OAuth app wired into the app with its secret never in a plain input or output."""

from __future__ import annotations

import json
from typing import Any

import pytest

from stacks.plan.render import Secret
from tests.stacks.program.test_cloud import CONFIG, RECORD, only, reveal, run, walk_plain, with_secrets

GITHUB_SECRET = "ghsecret-0123456789abcdef0123456789abcdef"
AUTH = {
    "github": {"client_id": "Ov23liExampleClientId", "client_secret": GITHUB_SECRET},
    "admins": ["octocat", "lab-manager@example.org"],
    "auto_approve_domains": ["example.edu"],
    "admin_email": "archive-admins@example.org",
}
IDENTITY = "aws:ses/domainIdentity:DomainIdentity"
DKIM = "aws:ses/domainDkim:DomainDkim"
MAIL_FROM = "aws:ses/mailFrom:MailFrom"
USER = "aws:iam/user:User"
POLICY = "aws:iam/userPolicy:UserPolicy"


@pytest.fixture(params=["staging", "prod"])
def stack(request: Any, tmp_path: Any) -> tuple[str, Any]:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "Procfile").write_text("web: gunicorn x\n")
    (tmp_path / "web" / "dist").mkdir(parents=True)
    (tmp_path / "web" / "dist" / "index.html").write_text("<html></html>")
    return request.param, run(with_secrets(request.param, auth=AUTH), tmp_path)


def records(rendering: Any) -> dict[tuple[str, str], list[str]]:
    return {(r.inputs["name"], r.inputs["type"]): r.inputs["records"] for r in rendering.of_type(RECORD)}


def test_ses_identity_dkim_mail_from_and_dmarc_are_declared_in_the_zone(stack: tuple[str, Any]) -> None:
    name, rendering = stack
    domain = {"staging": "staging.example-archive.org", "prod": "example-archive.org"}[name]
    identity = only(rendering, IDENTITY)
    assert identity.inputs["domain"] == domain
    assert only(rendering, DKIM).inputs["domain"] == domain
    assert only(rendering, MAIL_FROM).inputs["mailFromDomain"] == f"mail.{domain}"
    found = records(rendering)
    dkim = {key: value for key, value in found.items() if key[0].endswith(f"._domainkey.{domain}")}
    assert len(dkim) == 3
    for (record_name, kind), values in dkim.items():
        token = record_name.split(".", 1)[0]
        assert (kind, values) == ("CNAME", [f"{token}.dkim.amazonses.com"])
    (verification,) = found[(f"_amazonses.{domain}", "TXT")]
    assert len(verification) == 44
    assert found[(f"mail.{domain}", "MX")] == ["10 feedback-smtp.us-east-2.amazonses.com"]
    assert found[(f"mail.{domain}", "TXT")] == ["v=spf1 include:amazonses.com ~all"]
    assert found[(f"_dmarc.{domain}", "TXT")] == ["v=DMARC1; p=quarantine; adkim=r; aspf=r"]


def test_smtp_user_may_only_send_from_the_identity(stack: tuple[str, Any]) -> None:
    name, rendering = stack
    smtp = next(u for u in rendering.of_type(USER) if u.inputs["name"] == f"exarch-{name}-smtp")
    policies = [p for p in rendering.of_type(POLICY) if p.inputs["user"] == smtp.inputs["name"]]
    assert len(policies) == 1
    document = json.loads(policies[0].inputs["policy"])
    assert document["Statement"] == [
        {
            "Sid": "SendFromTheArchiveDomain",
            "Effect": "Allow",
            "Action": "ses:SendRawEmail",
            "Resource": rendering.outputs["ses_identity_arn"],
        }
    ]
    assert rendering.outputs["ses_identity_arn"].endswith(
        ":identity/" + only(rendering, IDENTITY).inputs["domain"]
    )


def test_the_app_gets_mail_url_and_github_secret_as_sensitive_vars_only(stack: tuple[str, Any]) -> None:
    _, rendering = stack
    config = only(rendering, CONFIG)
    sensitive = {k: reveal(v) for k, v in config.inputs["sensitiveVars"].value.items()}
    assert sensitive["DJANGO_GITHUB_CLIENT_SECRET"] == GITHUB_SECRET
    email_url = sensitive["DJANGO_EMAIL_URL"]
    assert email_url.startswith("smtp+tls://AKIA")
    assert email_url.endswith("@email-smtp.us-east-2.amazonaws.com:587")
    plain = config.inputs["vars"]
    assert plain["DJANGO_GITHUB_CLIENT_ID"] == "Ov23liExampleClientId"
    assert plain["DJANGO_DANDI_ADMINS"] == "octocat,lab-manager@example.org"
    assert plain["DJANGO_DANDI_AUTO_APPROVE_DOMAINS"] == "example.edu"
    assert plain["DJANGO_DANDI_LOCAL_ACCOUNTS"] == "false"
    assert plain["DJANGO_DANDI_ADMIN_EMAIL"] == "archive-admins@example.org"
    assert plain["DJANGO_DEFAULT_FROM_EMAIL"] == f"noreply@{only(rendering, IDENTITY).inputs['domain']}"
    password = email_url.split("://", 1)[1].split("@", 1)[0].split(":", 1)[1]
    secrets = {GITHUB_SECRET, email_url, password}
    leaks = [
        (r.urn, path)
        for r in rendering.resources
        for path, value in walk_plain(dict(r.inputs))
        if isinstance(value, str) and any(s in value for s in secrets)
    ]
    assert leaks == []
    assert not any(
        s in json.dumps(v) for k, v in rendering.outputs.items() if not isinstance(v, Secret) for s in secrets
    )
    assert not any(s in rendering.to_json() for s in secrets)


def test_outputs_name_the_callback_url_and_the_ses_sandbox_step(stack: tuple[str, Any]) -> None:
    name, rendering = stack
    api = {"staging": "api.staging.example-archive.org", "prod": "api.example-archive.org"}[name]
    assert rendering.outputs["github_callback_url"] == f"https://{api}/accounts/github/login/callback/"
    assert "request production access" in rendering.outputs["ses_sandbox_step"]
    assert "ses_dns_records" not in rendering.outputs  # the zone is managed here: the records are in it


def test_without_a_managed_zone_the_outputs_list_the_records_to_create(tmp_path: Any) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "Procfile").write_text("web: gunicorn x\n")
    (tmp_path / "web" / "dist").mkdir(parents=True)
    (tmp_path / "web" / "dist" / "index.html").write_text("<html></html>")
    rendering = run(with_secrets("staging", dns={"manage": False, "parent_zone_id": None}), tmp_path)
    assert rendering.of_type(RECORD) == []
    listed = rendering.outputs["ses_dns_records"]
    assert len(listed) == 7
    assert "_dmarc.staging.example-archive.org TXT v=DMARC1; p=quarantine; adkim=r; aspf=r" in listed
    assert sum(".dkim.amazonses.com" in line for line in listed) == 3
