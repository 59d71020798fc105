"""Hydra's plugin launcher names: accepted as the project's presets, through the same checks as these."""

import pytest

import sim
from scenarios import safety
from scenarios.safety import LAUNCHER, PLUGIN_LAUNCHERS, check_command_line, check_override, options

PLUGIN_NAMES = sorted(PLUGIN_LAUNCHERS)


def test_every_plugin_name_stands_for_a_preset_of_that_plugin():
    for name, preset in PLUGIN_LAUNCHERS.items():
        assert preset in options(LAUNCHER)
        defaults = safety.read_data(safety.config_dir() / LAUNCHER / f"{preset}.yaml", LAUNCHER)["defaults"]
        assert defaults == [name]  # the preset builds on the plugin's own config of that name


@pytest.mark.parametrize("name", PLUGIN_NAMES)
def test_plugin_launcher_name_is_rewritten_to_the_projects_preset(name):
    preset = PLUGIN_LAUNCHERS[name]
    assert check_override(f"hydra/launcher={name}") == f"hydra/launcher={preset}"
    line = check_command_line(["-m", f"hydra/launcher={name}", "hydra.launcher.timeout_min=5", "seed=1,2"])
    assert line.overrides == [f"hydra/launcher={preset}", "hydra.launcher.timeout_min=5", "seed=1,2"]


@pytest.mark.parametrize("name", PLUGIN_NAMES)
@pytest.mark.parametrize(
    "hostile",
    [
        "hydra.launcher._target_=os.system",
        "hydra.launcher.x={_target_:os.system}",
        "hydra.run.dir=${oc.env:HOME}",
    ],
)
def test_plugin_launcher_name_leaves_the_launcher_settings_checked(name, hostile):
    with pytest.raises(sim.ConfigError):
        check_command_line([f"hydra/launcher={name}", hostile])


@pytest.mark.parametrize("given", ["jobli", "submitit", "../../tmp/joblib", "joblib,../../tmp/evil"])
def test_other_launcher_names_are_refused_naming_presets_and_plugin_names(given):
    with pytest.raises(sim.ConfigError) as info:
        check_override(f"hydra/launcher={given}", multirun=True)
    text = str(info.value)
    assert "\n" not in text and "local_joblib" in text and "submitit_slurm" in text
