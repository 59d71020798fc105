"""``cogov-sweep``: Hydra multirun over parameter points, one job per point over a list of seeds.

``cogov-sweep -m experiment=NAME [hydra/launcher=local_joblib] [key=value ...]`` composes
``configs/sweep.yaml``; the experiment preset sets the swept values (``hydra.sweeper.params``) and the
seeds. Launchers are config presets in ``configs/hydra/launcher/`` (chosen on the command line; a
launcher set inside a swept experiment file is ignored, hydra#2946). Each job runs
:func:`experiments.job.run_job` in its own folder; the sweep callback (:mod:`experiments.callbacks`)
writes the plan, shows progress and aggregates ``results.parquet``. For a sensitivity design
(``experiment=sensitivity_morris`` or ``sensitivity_sobol``) one job is swept per sample row.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

import hydra
from hydra import compose, initialize_config_dir
from hydra.core.global_hydra import GlobalHydra
from hydra.core.hydra_config import HydraConfig
from hydra.core.override_parser.overrides_parser import OverridesParser
from omegaconf import DictConfig, OmegaConf

from experiments import sensitivity
from experiments.job import run_job
from experiments.schema import register_sweep_schema
from scenarios.load import config_dir

SWEEP_CONFIG = "sweep"
NOT_PARAMETERS = ("experiment", "sweep.", "sensitivity.", "hydra.", "seed")
"""Override keys (or key prefixes) that choose how to sweep, not where in parameter space."""
RECORDED_SWEEP_KEYS = ("sweep.sample", "sweep.households")

log = logging.getLogger(__name__)

# Launchers compose each job's config in the process that runs it (a joblib or submitit worker),
# which imports this module to unpickle the task: register the schema at import.
register_sweep_schema()


def swept_params(dcfg: DictConfig, overrides: list[str]) -> dict[str, Any]:
    """Return the parameter point of a job: ``{key: value}`` for each of its overrides that sets the model.

    Values come from the composed config (typed); a group choice such as ``channels=digital`` is
    recorded by its option name.
    """
    params: dict[str, Any] = {}
    for override in OverridesParser.create().parse_overrides(overrides):
        key = override.key_or_group
        if key.startswith(NOT_PARAMETERS) and key not in RECORDED_SWEEP_KEYS:
            continue
        value = OmegaConf.select(dcfg, key, default=None)
        params[key] = override.value() if OmegaConf.is_config(value) or value is None else value
    return params


def task(dcfg: DictConfig) -> str:
    """Hydra task of one job: run (or resume) its parameter point; return the outcome."""
    runtime = HydraConfig.get()
    folder = Path(runtime.runtime.output_dir)
    params = swept_params(dcfg, list(runtime.overrides.task))
    outcome, manifest = run_job(dcfg, folder, params)
    detail = f": {manifest['error']}" if outcome == "failed" else ""
    log.info(
        "job %s %s (%s)%s", runtime.job.num, outcome, ", ".join(f"{k}={v}" for k, v in params.items()), detail
    )
    return outcome


def with_sample_rows(args: list[str]) -> list[str]:
    """Add ``sweep.sample=range(0,N)`` for a sensitivity design, N being its number of sample rows.

    The design (method, size, seed, ranges) lives in the experiment's ``sensitivity`` node; a
    command line that sets ``sweep.sample`` itself is left alone.
    """
    if any(a.startswith("sweep.sample=") for a in args):
        return args
    chosen = [a for a in args if a.startswith(("experiment=", "sensitivity."))]
    register_sweep_schema()  # the model-only schema may have been stored under the same name since import
    GlobalHydra.instance().clear()
    with initialize_config_dir(config_dir=str(config_dir()), version_base="1.3"):
        spec = OmegaConf.to_container(compose(SWEEP_CONFIG, overrides=chosen).sensitivity)
    GlobalHydra.instance().clear()
    rows = sensitivity.n_samples(spec)  # type: ignore[arg-type]
    return [*args, f"sweep.sample=range(0,{rows})"] if rows else args


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``cogov-sweep`` (``python -m experiments.sweep``)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if any(a in ("-m", "--multirun") for a in args):
        args = with_sample_rows(args)
    sys.argv = [sys.argv[0], *args]
    hydra.main(config_path=str(config_dir()), config_name=SWEEP_CONFIG, version_base="1.3")(task)()


if __name__ == "__main__":
    main()
