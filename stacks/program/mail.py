"""The people side of a cloud environment: SES mail for the domain (its records in the zone when DNS is
managed here), and the values the app and the operator need (mail URL, GitHub callback URL, the SES sandbox
step)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pulumi

from components.aws.mail import SesMail, SesMailArgs
from components.documents.web_dns import DnsRecord
from stacks.config.model import EnvironmentConfig
from stacks.documents import github_callback_url, mail_from
from stacks.program.cloud import RecordFn

SES_SANDBOX_STEP = (
    "New SES accounts are in the sandbox (mail only to verified addresses, 200 a day): once the DNS records "
    "are live, request production access once per account and region (SES console > Account dashboard > "
    "Request production access, or `aws sesv2 put-account-details --production-access-enabled ...`)."
)


@dataclass(frozen=True)
class MailParts:
    ses: SesMail
    records_here: bool

    def outputs(self, config: EnvironmentConfig) -> dict[str, Any]:
        outputs: dict[str, Any] = {
            "github_callback_url": github_callback_url(config),
            "mail_from": mail_from(config),
            "ses_identity_arn": self.ses.identity_arn,
            "ses_sandbox_step": SES_SANDBOX_STEP,
        }
        if not self.records_here:
            # The zone lives elsewhere: whoever owns it creates these.
            outputs["ses_dns_records"] = [
                pulumi.Output.all(r.name, r.type, r.value).apply(lambda p: f"{p[0]} {p[1]} {p[2]}")
                for r in self.ses.records
            ]
        return outputs


def build_mail(config: EnvironmentConfig, record: RecordFn | None, opts: pulumi.ResourceOptions) -> MailParts:
    names = config.names
    ses = SesMail(
        f"{names.stem}-mail",
        SesMailArgs(
            domain=config.domain,
            region=config.aws_region,
            smtp_user_name=f"{names.stem}-smtp",
            force_destroy=not config.storage.protect,
            tags=dict(config.tags),
        ),
        opts,
    )
    if record is not None:
        for item in ses.records:
            record(DnsRecord(item.purpose, item.name, item.type, item.value))
    return MailParts(ses=ses, records_here=record is not None)


def github_client_secret(config: EnvironmentConfig) -> pulumi.Output[str] | None:
    github = config.auth.github
    return pulumi.Output.secret(github.client_secret.get_secret_value()) if github else None
