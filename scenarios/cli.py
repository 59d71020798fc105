"""``cogov-run``: run a scenario (a preset or a user's file) from the command line, writing its outputs.

``cogov-run scenario=NAME|path/to/file.yaml key=value ...`` checks everything before anything runs
(:func:`prepare`): the flags and overrides as data (:mod:`scenarios.overrides`), the whole configuration
of every run (``-m`` expands the sweep), its memory against the memory available
(:func:`sim.memory.check_memory`) and the output folder (writable, new, enough free space). A problem
stops with one line naming the key and what is allowed, exit code 2 (3 for the output location, 4
for memory), and no run folder. Then Hydra creates the run folder, the model runs, and the outputs
are written atomically (see :mod:`scenarios.outputs`).
"""

from __future__ import annotations

import sys
from pathlib import Path

import hydra
from hydra.core.hydra_config import HydraConfig
from hydra.types import RunMode
from omegaconf import DictConfig, OmegaConf

from scenarios.errors import OutputError, fail, guarded, one_line
from scenarios.figures import plot_dashboard, plot_participation
from scenarios.folders import check_output_dir
from scenarios.labels import scenario_label
from scenarios.load import CONFIG_NAME, compose_checked, config_dir, expand, register_schema, to_config
from scenarios.outputs import DASHBOARD, FIGURE, claim, output_bytes, save_run
from scenarios.overrides import CommandLine, check_command_line
from scenarios.user_scenarios import USER_SCENARIOS
from sim.memory import check_memory
from sim.simulation import simulate

TOOL = "cogov-run"


def run_to_folder(dcfg: DictConfig, folder: Path) -> dict:
    """Run the configuration ``dcfg`` and write its outputs into ``folder``; return the summary."""
    cfg = to_config(dcfg)
    result = simulate(cfg)
    ts, summary = result.timeseries, result.summary
    resolved = OmegaConf.to_yaml(OmegaConf.structured(cfg))
    title = f"{scenario_label(cfg.scenario)} (seed {cfg.seed}, {cfg.community.residents:,} residents)"
    figures = {
        FIGURE: lambda p: plot_participation(ts, title, p),
        DASHBOARD: lambda p: plot_dashboard(ts, title, p, cfg),
    }
    save_run(folder, ts, summary, resolved, figures)
    return summary


def _task(dcfg: DictConfig) -> None:
    runtime = HydraConfig.get()
    folder = Path(runtime.runtime.output_dir)
    key = "hydra.sweep.dir" if runtime.mode == RunMode.MULTIRUN else "hydra.run.dir"
    try:
        claim(folder)
    except FileExistsError:
        fail(TOOL, OutputError(key, str(folder), "a folder no other run writes into"))
    try:
        summary = run_to_folder(dcfg, folder)
    except OSError as err:
        fail(TOOL, OutputError(key, str(folder), f"a writable folder with free space ({one_line(err)})"))
    print(
        f"cogov-run: {summary['scenario']} seed {summary['seed']}: active share "
        f"{summary['active_share']:.3f}; outputs in {folder}"
    )


def prepare(args: list[str]) -> CommandLine:
    """Check a ``cogov-run`` command line and every run it starts, before anything runs or is written.

    Returns
    -------
    CommandLine
        The arguments for Hydra (user scenario files registered and named by their option).

    Raises
    ------
    sim.ConfigError
        For a bad flag, key, value or file (exit code 2); :class:`~sim.memory.ResourceError` for a
        run that does not fit in memory; :class:`~scenarios.errors.OutputError` for an output
        folder that cannot take the outputs.
    """
    line = check_command_line(args)
    USER_SCENARIOS.export()
    if line.prints:
        return line
    points = expand(line.overrides) if line.multirun else [line.overrides]
    need = 0
    for point in points:
        cfg = to_config(compose_checked(point))
        check_memory(cfg)
        need += output_bytes(cfg.steps)
    dcfg = compose_checked(points[0], with_hydra=True)
    key = "hydra.sweep.dir" if line.multirun else "hydra.run.dir"
    check_output_dir(Path(str(OmegaConf.select(dcfg, key))), key, need, fresh=not line.multirun)
    return line


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``cogov-run``."""
    args = list(sys.argv[1:] if argv is None else argv)
    line = guarded(TOOL, lambda: prepare(args))
    register_schema()
    sys.argv = [sys.argv[0], *line.argv]
    hydra.main(config_path=str(config_dir()), config_name=CONFIG_NAME, version_base="1.3")(_task)()
