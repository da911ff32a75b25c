import pytest

from tests.contracts.netlify_contract import recorded_violations
from tests.support.netlify_api import FakeNetlify, FakeNetlifyServer


@pytest.fixture
def netlify() -> FakeNetlify:
    """The fake Netlify API; afterwards, every request the test made is checked against Netlify's OpenAPI."""
    with FakeNetlifyServer() as state:
        yield state
    problems = recorded_violations(state.sent)
    if problems:
        pytest.fail("requests Netlify's OpenAPI document does not define:\n" + "\n".join(problems))
