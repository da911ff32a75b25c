"""The render harness itself: deterministic, repeatable in one process, secrets flagged and redactable."""

import json

import pytest

from stacks.config.model import ConfigError, local_environment
from stacks.plan.render import Secret, render


def test_two_renders_in_one_process_are_equal(render_stack):
    first, second = render_stack("staging"), render_stack("staging")
    assert first == second
    assert [r.urn for r in first.resources] == sorted(r.urn for r in first.resources)


def test_secret_output_is_flagged_and_redacted(render_stack):
    rendering = render_stack("prod")
    secret = rendering.outputs["api_secret_access_key"]
    assert isinstance(secret, Secret)
    assert secret.value.startswith("mock-secret-")
    text = rendering.to_json()
    assert secret.value not in text
    assert json.loads(text)["outputs"]["api_secret_access_key"] == "[secret]"


def test_program_errors_reach_the_caller():
    def broken(config):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        render(local_environment(), program=broken)


def test_local_environment_is_not_a_pulumi_stack():
    with pytest.raises(ConfigError, match="runs without Pulumi"):
        render(local_environment())


def test_secret_inputs_are_recognised():
    import pulumi
    import pulumi_aws as aws

    def program(config):
        aws.s3.Bucket("b", bucket="x-y-z", tags={"token": pulumi.Output.secret("hush")})
        return {}

    (bucket,) = render(local_environment(), program=program).resources
    assert bucket.inputs["tags"] == Secret(
        {"token": "hush"}
    )  # Pulumi lifts secretness to the top-level input
    assert "hush" not in json.dumps(render(local_environment(), program=program).redacted())
