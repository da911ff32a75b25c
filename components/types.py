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
    us = "us"
    eu = "eu"
