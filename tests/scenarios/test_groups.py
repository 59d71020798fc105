"""The config folder's groups and options: every plugin launcher name has a preset of that plugin."""

from scenarios.groups import LAUNCHER, PLUGIN_LAUNCHERS, config_dir, options
from scenarios.yaml_data import read_data


def test_every_plugin_name_stands_for_a_preset_of_that_plugin():
    for name, preset in PLUGIN_LAUNCHERS.items():
        assert preset in options(LAUNCHER)
        defaults = read_data(config_dir() / LAUNCHER / f"{preset}.yaml", LAUNCHER)["defaults"]
        assert defaults == [name]  # the preset builds on the plugin's own config of that name


def test_launcher_options_start_with_hydras_basic_launcher():
    assert options(LAUNCHER)[0] == "basic" and "urban_baseline" in options("scenario")
