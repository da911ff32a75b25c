"""The Pulumi SDK internals the offline render relies on (stacks/plan/pulumi_internals.py) still exist and
behave as the render expects. None is public API: when an SDK upgrade moves or changes one, this fails and
names it, instead of a render failing somewhere deep."""

from __future__ import annotations

import inspect

import pulumi
from pulumi.runtime import mocks, rpc

from stacks.plan import pulumi_internals as sdk


def test_the_secret_wire_form_is_a_dict_under_the_special_signature_key():
    assert isinstance(rpc._special_sig_key, str)
    assert isinstance(rpc._special_secret_sig, str)
    wrapped = {rpc._special_sig_key: rpc._special_secret_sig, "value": "s3cr3t"}
    assert sdk.unwrap_secret(wrapped) == (True, "s3cr3t")
    assert sdk.unwrap_secret({"value": "plain"}) == (False, {"value": "plain"})


def test_the_mock_monitor_still_records_through_register_resource():
    assert inspect.isclass(sdk.MockMonitor)
    assert sdk.MockMonitor is mocks.MockMonitor
    assert callable(sdk.MockMonitor.RegisterResource)
    assert list(inspect.signature(mocks.MockMonitor.__init__).parameters)[:2] == ["self", "mocks"]


def test_the_runner_config_and_deserializer_keep_their_signatures():
    from pulumi.runtime.config import set_all_config
    from pulumi.runtime.stack import run_pulumi_func
    from pulumi.runtime.sync_await import _sync_await

    assert list(inspect.signature(set_all_config).parameters)[:2] == ["config", "secret_keys"]
    assert len(inspect.signature(run_pulumi_func).parameters) >= 1
    assert len(inspect.signature(_sync_await).parameters) == 1
    assert callable(rpc.deserialize_properties)


def test_set_mocks_accepts_a_monitor_and_the_render_completes(render_stack):
    assert "monitor" in inspect.signature(pulumi.runtime.set_mocks).parameters
    rendering = render_stack("staging")
    assert rendering.resources
    assert all(r.urn.startswith("urn:pulumi:staging::dandi-stack::") for r in rendering.resources)
