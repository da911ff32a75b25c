"""Shared fixtures: the mock harness renders an environment's stack program offline (stacks/plan/render.py);
the `pulumi` test double and a throw-away project directory come from tests/support/fixtures.py."""

import pytest

from stacks.environments import CODE_ROOT

ROOT = CODE_ROOT
pytest_plugins = ["tests.support.fixtures"]


@pytest.fixture
def render_stack():
    """Render a config (or a stack file's name) under fresh Pulumi mocks; each call starts from clean state."""
    from stacks.config.model import EnvironmentConfig, load_environment
    from stacks.plan.render import render

    def _render(config: EnvironmentConfig | str):
        if isinstance(config, str):
            config = load_environment(config, ROOT)
        return render(config)

    return _render
