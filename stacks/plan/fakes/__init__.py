"""Deterministic stand-ins for what the providers would compute (ids, ARNs, keys, hostnames), one module per
provider; `Fakes` answers Pulumi's mocks by dispatching to them. Derived from names, so two renders agree."""

from __future__ import annotations

from typing import Any

import pulumi

from stacks.plan.fakes import aws, heroku, netlify, pulumi_builtin, sentry

_RESOURCES = (
    aws.new_resource,
    heroku.new_resource,
    netlify.new_resource,
    sentry.new_resource,
    pulumi_builtin.new_resource,
)


class Fakes(pulumi.runtime.Mocks):
    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str | None, dict[Any, Any]]:
        inputs = dict(args.inputs)
        for fake in _RESOURCES:
            made = fake(args.typ, args.name, inputs)
            if made is not None:
                return made
        return f"{args.name}-id", inputs

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[Any, Any], list[tuple[str, str]] | None]:
        return aws.call(args.token, dict(args.args)), []

    def register_transform(self, transform: Any) -> None:
        """Transforms are not used by the program."""

    def register_invoke_transform(self, transform: Any) -> None:
        """Transforms are not used by the program."""
