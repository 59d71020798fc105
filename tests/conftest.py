"""Shared fixtures: small configs that keep the suite fast."""

from __future__ import annotations

import pytest

import sim


@pytest.fixture(scope="session")
def small_urban() -> sim.Config:
    """A 400-resident urban baseline for 60 days."""
    return sim.load_config("urban_baseline", ["community.residents=400", "steps=60"])
