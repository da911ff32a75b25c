import pytest

from tests.support.netlify_api import FakeNetlify, FakeNetlifyServer


@pytest.fixture
def netlify() -> FakeNetlify:
    with FakeNetlifyServer() as state:
        yield state
