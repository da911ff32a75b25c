"""Mail through Amazon SES as pure documents: the DNS records that verify the domain, sign its mail (DKIM),
give it a custom MAIL FROM domain (SPF alignment) and a DMARC policy; the SMTP user's policy; the mail URL the
app reads.

Facts from AWS's SES documentation: Easy DKIM publishes three CNAMEs `<token>._domainkey.<domain>` ->
`<token>.dkim.amazonses.com`; a custom MAIL FROM domain needs an MX to `feedback-smtp.<region>.amazonses.com`
(priority 10) and an SPF TXT `v=spf1 include:amazonses.com ~all`; SMTP credentials are an IAM user's access
key id and the SigV4-derived password, sent to `email-smtp.<region>.amazonaws.com:587` with STARTTLS.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from components.documents.web_dns import DnsRecord

DKIM_TOKENS = 3
SPF = "v=spf1 include:amazonses.com ~all"
# Beyond DANDI's deployment (which has no DMARC): receivers quarantine mail that fails SPF/DKIM alignment.
DMARC = "v=DMARC1; p=quarantine; adkim=r; aspf=r"


def mail_from_domain(domain: str) -> str:
    return f"mail.{domain}"


def dkim_name(token: str, domain: str) -> str:
    return f"{token}._domainkey.{domain}"


def dkim_target(token: str) -> str:
    return f"{token}.dkim.amazonses.com"


def static_records(*, domain: str, region: str, verification_token: Any) -> list[DnsRecord]:
    """Every SES record whose name is known before AWS answers (the DKIM ones depend on its tokens)."""
    mail_from = mail_from_domain(domain)
    return [
        DnsRecord("ses-verification", f"_amazonses.{domain}", "TXT", verification_token),
        DnsRecord("ses-mail-from-mx", mail_from, "MX", f"10 feedback-smtp.{region}.amazonses.com"),
        DnsRecord("ses-mail-from-spf", mail_from, "TXT", SPF),
        DnsRecord("dmarc", f"_dmarc.{domain}", "TXT", DMARC),
    ]


def smtp_send_policy(*, identity_arn: str) -> dict[str, Any]:
    """The SMTP user may send raw mail (what SMTP is) from this one identity, and do nothing else."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "SendFromTheArchiveDomain",
                "Effect": "Allow",
                "Action": "ses:SendRawEmail",
                "Resource": identity_arn,
            }
        ],
    }


def identity_arn(*, region: str, account_id: str, domain: str) -> str:
    return f"arn:aws:ses:{region}:{account_id}:identity/{domain}"


def email_url(*, region: str, username: str, password: str) -> str:
    """DJANGO_EMAIL_URL for SES's SMTP interface (STARTTLS on 587); user and password percent-encoded."""
    credentials = f"{quote(username, safe='')}:{quote(password, safe='')}"
    return f"smtp+tls://{credentials}@email-smtp.{region}.amazonaws.com:587"
