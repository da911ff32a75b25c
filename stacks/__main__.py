"""Pulumi entry point (main: stacks/): load the typed config once, build, export."""

import pulumi

from stacks.config.model import ConfigError
from stacks.program.pulumi_config import from_pulumi_config
from stacks.program.stack import build

try:
    _config = from_pulumi_config()
except ConfigError as exc:  # one line per problem, no traceback
    raise pulumi.RunError(str(exc)) from None

for _key, _value in build(_config).items():
    pulumi.export(_key, _value)
