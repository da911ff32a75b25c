"""The `auth` section of an environment: who may sign in and how (GitHub OAuth app, local password accounts),
who the first admins are, which email domains are approved without an admin, and the mail sender."""

from __future__ import annotations

import re

from pydantic import Field, SecretStr, model_validator

from stacks.config.sections import ConfigProblem, _Model

# GitHub's rule for usernames: 1-39 letters, digits or single inner hyphens.
GITHUB_USERNAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")
EMAIL = re.compile(r"[^@\s]+@([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}", re.IGNORECASE)
DOMAIN = re.compile(r"([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")


class GitHubAuthConfig(_Model):
    client_id: str = Field(
        pattern=r"^[A-Za-z0-9._-]{1,64}$",
        description="Client ID of the GitHub OAuth app (Settings > Developer settings > OAuth Apps); its "
        "callback URL is printed by `dandi-stack outputs` (github_callback_url).",
        examples=["Ov23liExampleClientId"],
    )
    client_secret: SecretStr = Field(
        description="Client secret of that OAuth app (secret: pulumi config set --secret --path "
        "auth.github.client_secret).",
        examples=["secure: v1:..."],
    )


class AuthConfig(_Model):
    github: GitHubAuthConfig | None = Field(
        default=None,
        description="Sign-in with GitHub, as DANDI does; null leaves local accounts as the only way in.",
        examples=[{"client_id": "Ov23liExampleClientId", "client_secret": "secure: v1:..."}],
    )
    local_accounts: bool = Field(
        default=False,
        description="Let people sign up and sign in with a password (always on in the local environment).",
        examples=[False],
    )
    admins: list[str] = Field(
        default_factory=list,
        description="GitHub usernames or email addresses made admins when they sign in (and at each "
        "release).",
        examples=[["octocat", "lab-manager@example.org"]],
    )
    auto_approve_domains: list[str] = Field(
        default_factory=list,
        description="Email domains (and their subdomains) approved without an admin.",
        examples=[["example.edu"]],
    )
    admin_email: str | None = Field(
        default=None,
        description="Address told of every sign-up besides the admins' own; null for the admins only.",
        examples=["archive-admins@example.org"],
    )
    mail_from: str | None = Field(
        default=None,
        description="Sender of the archive's mail (an address in the environment's domain, which SES "
        "verifies); default noreply@<domain>.",
        examples=["noreply@example-archive.org"],
    )

    @model_validator(mode="after")
    def _entries(self) -> AuthConfig:
        for index, entry in enumerate(self.admins):
            if not (GITHUB_USERNAME.fullmatch(entry) or EMAIL.fullmatch(entry)):
                raise ConfigProblem(
                    f"admins[{index}]",
                    f"{entry!r} is neither a GitHub username nor an email address",
                    "octocat or lab-manager@example.org",
                )
        for index, domain in enumerate(self.auto_approve_domains):
            if not DOMAIN.fullmatch(domain):
                raise ConfigProblem(
                    f"auto_approve_domains[{index}]",
                    f"{domain!r} is not a lowercase DNS domain",
                    "example.edu",
                )
        for key in ("admin_email", "mail_from"):
            value = getattr(self, key)
            if value is not None and not EMAIL.fullmatch(value):
                raise ConfigProblem(key, f"{value!r} is not an email address", "noreply@example-archive.org")
        return self
