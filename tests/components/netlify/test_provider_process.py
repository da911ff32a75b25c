"""The provider process the engine starts, without an engine: `python -m pulumi.dynamic` (Pulumi's own dynamic
provider host) is run as a subprocess and driven over gRPC as the engine does: Configure with the stack config,
then Create/Read/Delete with the pickled provider in `__provider`, against the local fake Netlify API. This shows
the provider class unpickles by reference in a fresh process and takes its token only from the stack config.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import grpc
import pytest
from pulumi.dynamic.dynamic import serialize_provider
from pulumi.runtime import proto, rpc
from pulumi.runtime.proto import provider_pb2_grpc

from components.netlify.provider import SiteProvider
from stacks.environments import CODE_ROOT
from tests.support.netlify_api import ACCOUNT_SLUG, GOOD_TOKEN

ROOT = CODE_ROOT
TOKEN_KEY = "dandi-stack:netlify.auth_token"


@pytest.fixture
def provider_host() -> Iterator[provider_pb2_grpc.ResourceProviderStub]:
    """Pulumi's dynamic provider host in its own process (started by us, killed by pid at the end)."""
    env = {k: v for k, v in os.environ.items() if k != "NETLIFY_AUTH_TOKEN"}
    process = subprocess.Popen(
        [sys.executable, "-m", "pulumi.dynamic"], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        port = int(process.stdout.readline())
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            yield provider_pb2_grpc.ResourceProviderStub(channel)
    finally:
        process.kill()
        process.wait(timeout=10)
        process.stdout.close()


def struct(props: dict[str, Any]) -> Any:
    return asyncio.run(rpc.serialize_properties(props, {}))


def site_props(netlify) -> dict[str, Any]:
    return {
        "__provider": serialize_provider(SiteProvider(TOKEN_KEY, netlify.url)),
        "name": "dandi-web",
        "account_slug": ACCOUNT_SLUG,
        "custom_domain": "example.org",
        "domain_aliases": ["www.example.org"],
        "env": {"DANDI_API_URL": "https://api.example.org"},
    }


@pytest.mark.parametrize("form", ["json-string", "object"])
def test_engine_path_reads_token_from_stack_config(netlify, provider_host, form):
    section = {"account_slug": ACCOUNT_SLUG, "auth_token": GOOD_TOKEN}
    value = json.dumps(section) if form == "json-string" else section
    provider_host.Configure(proto.ConfigureRequest(args=struct({"dandi-stack:netlify": value})))
    props = site_props(netlify)
    created = provider_host.Create(proto.CreateRequest(properties=struct(props)))
    outs = rpc.deserialize_properties(created.properties)
    assert netlify.sites[created.id]["custom_domain"] == "example.org"
    assert outs["default_domain"] == "dandi-web.netlify.app"
    assert outs["__provider"] == props["__provider"]  # state keeps the pickled provider as given...
    assert GOOD_TOKEN not in json.dumps(outs)  # ...and nothing in state holds the token

    read = provider_host.Read(proto.ReadRequest(id=created.id, properties=created.properties))
    assert read.id == created.id
    provider_host.Delete(proto.DeleteRequest(id=created.id, properties=created.properties))
    assert netlify.sites == {}
    gone = provider_host.Read(proto.ReadRequest(id=created.id, properties=created.properties))
    assert gone.id == ""
    assert [m for m, _ in netlify.requests] == ["POST", "POST", "GET", "GET", "DELETE", "GET"]


def test_engine_path_without_token_fails_with_the_config_command(netlify, provider_host):
    provider_host.Configure(
        proto.ConfigureRequest(
            args=struct({"dandi-stack:netlify": json.dumps({"account_slug": ACCOUNT_SLUG})})
        )
    )
    with pytest.raises(grpc.RpcError) as err:
        provider_host.Create(proto.CreateRequest(properties=struct(site_props(netlify))))
    assert "pulumi config set --secret --path netlify.auth_token" in err.value.details()
    assert netlify.requests == []
