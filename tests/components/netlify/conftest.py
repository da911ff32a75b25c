import pytest

from tests.unit.netlify.fake_api import FakeNetlify, FakeNetlifyServer


@pytest.fixture
def netlify() -> FakeNetlify:
    with FakeNetlifyServer() as state:
        yield state
