"""The sweep's checked command line with a Hydra plugin's launcher name composes the project's preset."""

import importlib.util

import pytest
from omegaconf import OmegaConf

from experiments.sweep import memory, precheck
from scenarios.groups import LAUNCHER, PLUGIN_LAUNCHERS, config_dir
from scenarios.yaml_data import read_data

PLUGIN_MODULES = {
    "joblib": "hydra_plugins.hydra_joblib_launcher",
    "submitit_local": "hydra_plugins.hydra_submitit_launcher",
    "submitit_slurm": "hydra_plugins.hydra_submitit_launcher",
    "ray": "hydra_plugins.hydra_ray_launcher",  # in Ray's own environment only (.venv-ray)
}


@pytest.mark.parametrize("name", sorted(PLUGIN_LAUNCHERS))
def test_plugin_launcher_name_composes_the_projects_preset(name, tmp_path):
    if importlib.util.find_spec(PLUGIN_MODULES[name]) is None:
        pytest.skip(f"needs {PLUGIN_MODULES[name]} (Hydra's {name} launcher plugin) in this environment")
    preset = PLUGIN_LAUNCHERS[name]
    args = precheck.prepare(["-m", f"hydra/launcher={name}", "steps=30", f"hydra.sweep.dir={tmp_path}"])
    assert f"hydra/launcher={preset}" in args
    _, launcher = memory.largest_peak([a for a in args if not a.startswith("-")])
    settings = read_data(config_dir() / LAUNCHER / f"{preset}.yaml", LAUNCHER)
    settings.pop("defaults")
    composed = OmegaConf.to_container(launcher, resolve=False)
    assert {key: composed[key] for key in settings} == settings  # the preset's settings, not the plugin's
