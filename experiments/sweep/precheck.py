"""Checks of a ``cogov-sweep`` command line before Hydra starts: nothing runs or is written on bad input.

The same checks as ``cogov-run`` (:mod:`scenarios.overrides`: flags, overrides, group options, scenario
files, all as data) over the sweep's schema (:class:`~experiments.sweep.schema.SweepConfig`, with the
``experiment`` group), then the sweep's own settings on the composed config (:func:`check_design`):
a non-empty list of distinct seeds, a sweep name that is a folder name, a sensitivity design that
samples something, and an output folder that can be written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hydra import compose
from omegaconf import DictConfig, OmegaConf

from experiments.sweep.schema import SWEEP_CONFIG, SweepConfig, register_sweep_schema
from scenarios.extras import require
from scenarios.folders import check_output_dir
from scenarios.groups import LAUNCHER
from scenarios.load import composing
from scenarios.names import check_name
from scenarios.outputs import output_bytes
from scenarios.overrides import CommandLine, check_command_line, parse_override
from scenarios.plain import MAX_INT
from scenarios.user_scenarios import USER_SCENARIOS
from scenarios.values import MODEL, Schema, locate_key
from sim.validate import ConfigError

SWEEP = Schema(SweepConfig(), (*MODEL.groups, "experiment"))
"""What a ``cogov-sweep`` command line may name: the model, the sweep settings and the experiments."""
METHODS = {"none": 0, "morris": 1, "sobol": 1}
MAX_DESIGN_N = 2**16
"""Largest Morris trajectory count or Sobol base sample (rows grow with it times the parameters)."""
LAUNCHER_PLUGINS = {
    "local_joblib": "hydra_plugins.hydra_joblib_launcher",
    "local_submitit": "hydra_plugins.hydra_submitit_launcher",
    "slurm": "hydra_plugins.hydra_submitit_launcher",
    "ray_local": "hydra_plugins.hydra_ray_launcher",
    "ray_cluster": "hydra_plugins.hydra_ray_launcher",
}
"""Launcher preset -> the Hydra plugin it needs (an optional package, :mod:`scenarios.extras`)."""
SUBDIR = "hydra.sweep.subdir"


def _check_seeds(seeds: list[Any]) -> None:
    if not seeds or len(set(seeds)) != len(seeds) or min(seeds) < 0 or max(seeds) > MAX_INT:
        raise ConfigError("sweep.seeds", seeds, "a non-empty list of distinct integers 0 to 2^63-1")


def _check_sensitivity(spec: dict[str, Any]) -> None:
    method, n = spec["method"], int(spec["n"])
    if method not in METHODS:
        raise ConfigError("sensitivity.method", method, ", ".join(METHODS))
    if method == "none":
        return
    if not 1 <= n <= MAX_DESIGN_N or (method == "sobol" and n & (n - 1)):
        kind = "a power of 2" if method == "sobol" else "an integer"
        raise ConfigError("sensitivity.n", n, f"{kind} 1 to {MAX_DESIGN_N:,}")
    if method == "morris" and int(spec["levels"]) < 2:
        raise ConfigError("sensitivity.levels", spec["levels"], "an integer >= 2")
    if not spec["parameters"]:
        raise ConfigError("sensitivity.parameters", {}, "at least one model key with [low, high]")
    for key, bounds in spec["parameters"].items():
        f, _ = locate_key(MODEL.root, key)
        if str(f.type) not in ("int", "float"):
            raise ConfigError(f"sensitivity.parameters.{key}", bounds, "a numeric model parameter")
        if len(bounds) != 2 or not bounds[0] < bounds[1]:
            raise ConfigError(f"sensitivity.parameters.{key}", bounds, "[low, high] with low < high")


def check_design(dcfg: DictConfig) -> None:
    """Check the sweep settings of a composed sweep config (seeds, name, households, sensitivity design).

    Raises
    ------
    sim.ConfigError
        For an empty or repeated seed list, a name that is not a folder name, households below 1, or
        an empty sensitivity design (``sensitivity.n=0``, no parameters, an unknown method).
    """
    settings = dcfg.sweep
    _check_seeds([int(s) for s in settings.seeds])
    check_name("sweep.name", settings.name)  # the default output folder is multirun/<name>
    if settings.households is not None and int(settings.households) < 1:
        raise ConfigError("sweep.households", settings.households, "an integer >= 1 or null")
    _check_sensitivity(dict(OmegaConf.to_container(dcfg.sensitivity, resolve=True)))  # type: ignore[arg-type]


def prepare(args: list[str]) -> list[str]:
    """Check a ``cogov-sweep`` command line; return the arguments for Hydra.

    User scenario files are registered and named by their option (and exported for the launcher's
    workers). For a multirun the composed sweep settings and the output folder are checked too
    (:func:`check_design`, :func:`scenarios.folders.check_output_dir`).

    Raises
    ------
    sim.ConfigError
        For a bad flag, key, value, file, experiment or design, a launcher whose plugin is not
        installed or a ``hydra.sweep.subdir`` of its own (jobs are read by number); an
        :class:`~scenarios.errors.OutputError` for an output folder that cannot be written.
    """
    line: CommandLine = check_command_line(args, SWEEP)
    USER_SCENARIOS.export()
    if line.prints:
        return line.argv
    for override in map(parse_override, line.overrides):
        if override.key_or_group == LAUNCHER and str(override.value()) in LAUNCHER_PLUGINS:
            require(LAUNCHER_PLUGINS[str(override.value())], LAUNCHER, override.value())
        if override.key_or_group == SUBDIR:
            raise ConfigError(
                SUBDIR, override.value(), "the job number (the default: reports read job folders by it)"
            )
    fixed = [o for o in line.overrides if not parse_override(o).is_sweep_override()]
    register_sweep_schema()
    with composing():
        dcfg = compose(SWEEP_CONFIG, overrides=fixed, return_hydra_config=True)
    check_design(dcfg)
    if line.multirun:
        need = output_bytes(int(dcfg.steps)) * len(dcfg.sweep.seeds)
        check_output_dir(
            Path(str(OmegaConf.select(dcfg, "hydra.sweep.dir"))), "hydra.sweep.dir", need, fresh=False
        )
    return line.argv
