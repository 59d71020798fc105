"""``cogov-run``: run a scenario preset from the command line (Hydra), writing its outputs.

``cogov-run scenario=NAME key=value ...`` validates the whole configuration first: a bad value stops
with one line naming the key and what is allowed, exit code 2, and no run folder. Then Hydra creates
the run folder, the model runs, and the outputs are written atomically (see :mod:`scenarios.outputs`).
"""

from __future__ import annotations

import sys
from pathlib import Path

import hydra
from hydra.core.hydra_config import HydraConfig
from omegaconf import DictConfig, OmegaConf

from scenarios.figures import plot_participation
from scenarios.load import CONFIG_NAME, config_dir, load_config, register_schema, to_config
from scenarios.outputs import save_run
from sim.simulation import simulate
from sim.validate import ConfigError

EXIT_BAD_INPUT = 2


def run_to_folder(dcfg: DictConfig, folder: Path) -> dict:
    """Run the configuration ``dcfg`` and write its outputs into ``folder``; return the summary."""
    cfg = to_config(dcfg)
    result = simulate(cfg)
    ts, summary = result.timeseries, result.summary
    resolved = OmegaConf.to_yaml(OmegaConf.structured(cfg))
    title = f"{cfg.scenario} (seed {cfg.seed}, {cfg.community.residents:,} residents)"
    save_run(folder, ts, summary, resolved, lambda p: plot_participation(ts, title, p))
    return summary


def _task(dcfg: DictConfig) -> None:
    folder = Path(HydraConfig.get().runtime.output_dir)
    summary = run_to_folder(dcfg, folder)
    print(
        f"cogov-run: {summary['scenario']} seed {summary['seed']}: active share "
        f"{summary['active_share']:.3f}; outputs in {folder}"
    )


def _split(argv: list[str]) -> tuple[str, list[str], bool]:
    """Scenario name, model overrides (no Hydra flags or hydra.* keys) and whether it is a multirun."""
    multirun = any(a in ("-m", "--multirun") for a in argv)
    scenario, overrides = "urban_baseline", []
    for arg in argv:
        if arg.startswith("-") or arg.startswith("hydra.") or arg.startswith("hydra/"):
            continue
        if arg.startswith("scenario="):
            scenario = arg.split("=", 1)[1]
        else:
            overrides.append(arg)
    return scenario, overrides, multirun


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``cogov-run``."""
    args = list(sys.argv[1:] if argv is None else argv)
    scenario, overrides, multirun = _split(args)
    if not multirun and not any(a in ("--help", "-h", "--cfg", "-c", "--info", "-i") for a in args):
        try:
            load_config(scenario, overrides)
        except ConfigError as err:
            print(f"cogov-run: error: {err}", file=sys.stderr)
            raise SystemExit(EXIT_BAD_INPUT) from None
    register_schema()
    sys.argv = [sys.argv[0], *args]
    hydra.main(config_path=str(config_dir()), config_name=CONFIG_NAME, version_base="1.3")(_task)()
