"""Shared fixtures: small configs that keep the suite fast."""

from __future__ import annotations

import copy
import multiprocessing
import os

import pytest
from hydra.core.config_store import ConfigStore

import sim
from scenarios import safety


@pytest.fixture(scope="session")
def small_urban() -> sim.Config:
    """A 400-resident urban baseline for 60 days."""
    return sim.load_config("urban_baseline", ["community.residents=400", "steps=60"])


@pytest.fixture
def fresh_user_scenarios(monkeypatch):
    """Restore the registered user scenarios, the ConfigStore and the environment after the test."""
    environment = os.environ.pop(safety.USER_SCENARIOS_ENV, None)
    monkeypatch.setattr(safety, "_registered", {})
    store = ConfigStore.instance().repo
    saved = copy.copy(store.get("scenario", {}))
    yield
    store["scenario"] = saved
    os.environ.pop(safety.USER_SCENARIOS_ENV, None)  # export_user_scenarios sets it directly
    if environment is not None:
        os.environ[safety.USER_SCENARIOS_ENV] = environment


@pytest.fixture
def start_method():
    """Restore multiprocessing's start method, which ``mesa.batch_run`` sets for the whole process."""
    method = multiprocessing.get_start_method(allow_none=True)
    yield
    multiprocessing.set_start_method(method, force=True)
