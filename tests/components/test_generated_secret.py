"""The generated Django secret key: made once by the provider, random, replaced only on rotation."""

import pytest

from components.generated_secret import GeneratedSecretProvider


def test_create_makes_a_long_random_value():
    provider = GeneratedSecretProvider()
    first = provider.create({"nbytes": 48, "rotation": ""})
    second = provider.create({"nbytes": 48, "rotation": ""})
    assert len(first.outs["value"]) >= 64
    assert first.outs["value"] != second.outs["value"]


def test_value_is_kept_unless_rotated():
    provider = GeneratedSecretProvider()
    olds = provider.create({"nbytes": 48, "rotation": ""}).outs
    assert provider.diff("id", olds, {"nbytes": 48, "rotation": ""}).changes is False
    assert provider.read("id", olds).outs["value"] == olds["value"]
    assert provider.diff("id", olds, {"nbytes": 48, "rotation": "2026-q4"}).replaces == ["rotation"]


def test_too_short_is_refused():
    with pytest.raises(ValueError, match="at least 32 random bytes"):
        GeneratedSecretProvider().create({"nbytes": 8})
