"""Shared fixtures: small configs that keep the suite fast."""

from __future__ import annotations

import copy
import multiprocessing

import pytest
from hydra.core.config_store import ConfigStore

import sim
from scenarios.user_scenarios import ENVIRONMENT, USER_SCENARIOS


@pytest.fixture(scope="session")
def small_urban() -> sim.Config:
    """A 400-resident urban baseline for 60 days."""
    return sim.load_config("urban_baseline", ["community.residents=400", "steps=60"])


@pytest.fixture
def fresh_user_scenarios(monkeypatch):
    """The test starts as a process without user scenario files, and leaves none behind.

    The registry mirrors Hydra's ConfigStore, which is one per process, so files registered by one
    test (``my_town.yaml`` in its own temporary folder) would clash with another test's file of the
    same name: the registry, the ConfigStore's scenario options and the environment variable that
    :meth:`~scenarios.user_scenarios.UserScenarios.export` sets are restored after the test.
    """
    monkeypatch.setattr(USER_SCENARIOS, "_paths", {})
    monkeypatch.setenv(ENVIRONMENT, "")  # no files; the value before the test comes back after it
    store = ConfigStore.instance().repo
    monkeypatch.setitem(store, "scenario", copy.copy(store.get("scenario", {})))


@pytest.fixture
def start_method():
    """Restore multiprocessing's start method, which ``mesa.batch_run`` sets for the whole process."""
    method = multiprocessing.get_start_method(allow_none=True)
    yield
    multiprocessing.set_start_method(method, force=True)
