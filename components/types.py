"""Closed vocabularies shared by the config model and the components; the bottom layer, importing nothing."""

from __future__ import annotations

from enum import StrEnum


class EnvironmentKind(StrEnum):
    prod = "prod"
    staging = "staging"
    sandbox = "sandbox"
    local = "local"


class InventoryFrequency(StrEnum):
    daily = "Daily"
    weekly = "Weekly"


class DynoSize(StrEnum):
    eco = "eco"
    basic = "basic"
    standard_1x = "standard-1x"
    standard_2x = "standard-2x"
    performance_m = "performance-m"
    performance_l = "performance-l"


class HerokuRegion(StrEnum):
    """The Common Runtime's regions (Private Spaces regions need a space, which this toolkit never makes)."""

    us = "us"
    eu = "eu"


class HerokuStack(StrEnum):
    """Stacks Heroku builds Python apps on today (heroku-20 reached end of life)."""

    heroku_22 = "heroku-22"
    heroku_24 = "heroku-24"
