"""HerokuPipeline: the staging -> production promotion pipeline, and the coupling of one app into it.

Ownership across stacks (see README "Heroku pipeline"): the prod stack owns the pipeline and couples its app
as `production`; the staging stack couples its own app as `staging` to the pipeline id it reads from the prod
stack's `heroku_pipeline_id` output. Each coupling lives in the stack that owns the app, so destroying staging
only uncouples staging. Sandboxes never create or join a pipeline.
"""

from __future__ import annotations

import pulumi
import pulumiverse_heroku as heroku

STAGES = ("review", "development", "staging", "production")


class HerokuPipeline(pulumi.ComponentResource):
    """Creates the pipeline (owned by `team` when given) and couples the production app."""

    pipeline: heroku.pipeline.Pipeline
    coupling: heroku.pipeline.Coupling

    def __init__(
        self,
        name: str,
        *,
        pipeline_name: str,
        production_app_id: pulumi.Input[str],
        team: str | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("dandi:api:HerokuPipeline", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        owner = None
        if team:
            team_id = heroku.team.get_team_output(name=team, opts=pulumi.InvokeOptions(parent=self)).id
            owner = heroku.pipeline.PipelineOwnerArgs(id=team_id, type="team")
        self.pipeline = heroku.pipeline.Pipeline(
            f"{name}-pipeline", name=pipeline_name, owner=owner, opts=child
        )
        self.coupling = couple(f"{name}-production", self.pipeline.id, production_app_id, "production", child)
        self.pipeline_id = self.pipeline.id
        self.register_outputs({"pipeline_id": self.pipeline_id})


def couple(
    name: str,
    pipeline_id: pulumi.Input[str],
    app_id: pulumi.Input[str],
    stage: str,
    opts: pulumi.ResourceOptions | None = None,
) -> heroku.pipeline.Coupling:
    """Couple an app into a pipeline stage (used directly by the staging stack for its own app)."""
    if stage not in STAGES:
        raise ValueError(f"unknown pipeline stage {stage!r}; one of {', '.join(STAGES)}")
    return heroku.pipeline.Coupling(name, pipeline=pipeline_id, app_id=app_id, stage=stage, opts=opts)
