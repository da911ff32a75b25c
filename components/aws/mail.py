"""SesMail: the environment's domain as an Amazon SES identity (DKIM, custom MAIL FROM), its DNS records,
and an SMTP user allowed only to send from that identity; its SMTP password reaches the app inside
DJANGO_EMAIL_URL, a secret."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pulumi
import pulumi_aws as aws

from components.documents import mail_dns
from components.documents.web_dns import DnsRecord


@dataclass
class SesMailArgs:
    domain: str
    region: str
    smtp_user_name: str
    force_destroy: bool = False
    tags: dict[str, str] = field(default_factory=dict)


class SesMail(pulumi.ComponentResource):
    """The DNS records are handed back (`records`), not created: the environment's zone owner creates them."""

    def __init__(self, name: str, args: SesMailArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("dandi:mail:SesMail", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        self.identity = aws.ses.DomainIdentity(f"{name}-identity", domain=args.domain, opts=child)
        self.dkim = aws.ses.DomainDkim(f"{name}-dkim", domain=self.identity.domain, opts=child)
        aws.ses.MailFrom(
            f"{name}-mail-from",
            domain=self.identity.domain,
            mail_from_domain=mail_dns.mail_from_domain(args.domain),
            behavior_on_mx_failure="UseDefaultValue",
            opts=child,
        )
        self.smtp_user = aws.iam.User(
            f"{name}-smtp",
            name=args.smtp_user_name,
            force_destroy=args.force_destroy,
            tags=args.tags,
            opts=child,
        )
        aws.iam.UserPolicy(
            f"{name}-smtp-policy",
            user=self.smtp_user.name,
            policy=self.identity.arn.apply(
                lambda arn: json.dumps(mail_dns.smtp_send_policy(identity_arn=arn))
            ),
            opts=child,
        )
        key = aws.iam.AccessKey(f"{name}-smtp-key", user=self.smtp_user.name, opts=child)
        region = args.region

        def url(parts: list[str]) -> str:
            return mail_dns.email_url(region=region, username=parts[0], password=parts[1])

        plain_url: pulumi.Output[str] = pulumi.Output.all(key.id, key.ses_smtp_password_v4).apply(url)
        self.email_url: pulumi.Output[str] = pulumi.Output.secret(plain_url)
        self.records: list[DnsRecord] = mail_dns.static_records(
            domain=args.domain, region=region, verification_token=self.identity.verification_token
        )
        for i in range(mail_dns.DKIM_TOKENS):
            token: pulumi.Output[str] = self.dkim.dkim_tokens.apply(_nth(i))
            self.records.append(
                DnsRecord(
                    f"ses-dkim-{i + 1}",
                    token.apply(lambda t: mail_dns.dkim_name(t, args.domain)),
                    "CNAME",
                    token.apply(mail_dns.dkim_target),
                )
            )
        self.identity_arn = self.identity.arn
        self.register_outputs(
            {
                "identity_arn": self.identity_arn,
                "smtp_user_arn": self.smtp_user.arn,
                "email_url": self.email_url,
            }
        )


def _nth(index: int) -> Callable[[Sequence[str]], str]:
    return lambda tokens: tokens[index]
