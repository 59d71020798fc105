"""The override grammar: Hydra's plugin launcher names stand for the project's presets, checked as these."""

import pytest

import sim
from scenarios.groups import PLUGIN_LAUNCHERS
from scenarios.overrides import check_command_line, check_override

PLUGIN_NAMES = sorted(PLUGIN_LAUNCHERS)


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
