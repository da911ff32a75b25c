"""SentryProject: an optional Sentry project and client key per environment, whose DSN the API reports to.

Behind the `sentry.project` flag: most clones reuse one existing Sentry project and pass its DSN instead (as
DANDI does, telling environments apart by DJANGO_SENTRY_ENVIRONMENT). pulumiverse_sentry is imported only
here.
"""

from __future__ import annotations

import pulumi


class SentryProject(pulumi.ComponentResource):
    def __init__(
        self,
        name: str,
        *,
        organization: str,
        team: str,
        slug: str,
        platform: str,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        import pulumiverse_sentry as sentry

        super().__init__("dandi:observability:SentryProject", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        self.project = sentry.SentryProject(
            f"{name}-project",
            organization=organization,
            teams=[team],
            name=slug,
            slug=slug,
            platform=platform,
            opts=child,
        )
        self.key = sentry.SentryKey(
            f"{name}-key", organization=organization, project=self.project.slug, name="dandi-api", opts=child
        )
        # Anyone holding the DSN can send events: treat it as a secret like a configured DSN.
        self.dsn: pulumi.Output[str] = pulumi.Output.secret(self.key.dsn_public)
        self.register_outputs({"project": self.project.slug})
