"""ABC-SMC in batches: pyabc's prior, epsilon schedule, perturbation kernel and weights, any evaluator.

pyabc's own samplers call the model one parameter set at a time inside its process pool; here every
batch of candidates is handed to an evaluator at once (the calibration's evaluator runs the batch as
one resumable sweep, :mod:`experiments.sweep.batch`), and the SMC maths is pyabc's (Toni et al. 2009,
Beaumont et al. 2009, as in ``pyabc.ABCSMC``):

- generation 0 draws ``population / alpha`` candidates from the prior (a ``pyabc.Distribution``);
  epsilon_0 is the alpha-quantile of their distances (``QuantileEpsilon(initial_epsilon="from_sample")``)
  and the accepted particles have equal weights;
- generation t fits ``MultivariateNormalTransition`` (Silverman bandwidth, its covariance times
  ``scaling``) to the weighted particles of t - 1, sets epsilon_t = the alpha-quantile of their
  distances (weighted or not, ``QuantileEpsilon.update``),
  proposes batches of candidates (a particle drawn by weight, perturbed by the kernel, redrawn while
  outside the prior's support, as pyabc does) until ``population`` are accepted (distance <= epsilon_t)
  or ``max_batches`` batches are spent, and weights each accepted particle by prior pdf / proposal pdf
  (the transition's ``pdf``: the weighted mixture of kernels), normalised.

All draws come from one ``numpy.random.Generator`` (pyabc's own ``rvs`` would use numpy's global
state); the evaluator gets ``(t, batch, candidates)`` so that the same call always names the same
batch (resume).
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyabc
from omegaconf import OmegaConf
from pyabc.weighted_statistics import effective_sample_size

from scenarios.load import config_dir
from sim.params import Config, locate

log = logging.getLogger(__name__)

Evaluator = Callable[[int, int, pd.DataFrame], pd.DataFrame]
"""``(generation, batch, candidates) -> scores``: one row per candidate, in order, with a ``distance``
column (inf for a failed run) and any statistics to keep with the particle."""


@dataclass(frozen=True)
class Settings:
    """How the SMC runs.

    Attributes
    ----------
    population, batch, max_batches, generations : int
        Particles per generation, candidates per batch, batches a generation may spend, generations.
    alpha : float
        Quantile of the previous generation's distances that sets epsilon.
    scaling : float
        Factor on the kernel's covariance. Above 1 the proposal is wider than Silverman's: fewer
        candidates are accepted, but their importance weights (prior / proposal) vary less, so the
        effective sample size holds up in many dimensions.
    weighted : bool
        Whether epsilon is the weighted quantile of the distances (pyabc's default) or the plain one
        (which does not let a few heavy particles set the threshold).
    """

    population: int
    batch: int
    max_batches: int
    generations: int
    alpha: float = 0.5
    scaling: float = 1.0
    weighted: bool = True


@dataclass
class Generation:
    """One SMC generation: its accepted particles and how they were found.

    Attributes
    ----------
    t : int
        Generation number (0 = from the prior).
    particles : pandas.DataFrame
        One row per accepted particle: the parameters, the evaluator's scores (``distance`` and its
        statistics) and ``weight`` (sums to 1).
    epsilon : float
        Acceptance threshold of the generation.
    candidates : int
        Candidates evaluated (each one model run per preset).
    """

    t: int
    particles: pd.DataFrame
    epsilon: float
    candidates: int

    @property
    def ess(self) -> float:
        """Effective sample size of the weights."""
        return float(effective_sample_size(self.particles["weight"].to_numpy()))


def default_priors_path() -> Path:
    """``configs/calibration/priors.yaml``."""
    return config_dir() / "calibration" / "priors.yaml"


def load_prior(path: Path | None = None) -> pyabc.Distribution:
    """The prior: independent uniforms on ``[low, high]`` of the keys the model has.

    Raises
    ------
    ValueError
        One line naming the key and the bounds, for a bound outside the parameter's allowed range or
        ``low >= high``.
    """
    path = path or default_priors_path()
    loaded = OmegaConf.to_container(OmegaConf.load(path))
    assert isinstance(loaded, dict)
    spec = {str(k): v for k, v in loaded.items()}
    rvs = {}
    for key, bounds in spec.items():
        try:
            _, f = locate(Config(), str(key))
        except KeyError:
            warnings.warn(f"{path}: {key} is not a model parameter (yet); left out of the fit", stacklevel=2)
            continue
        low, high = float(bounds["low"]), float(bounds["high"])
        lo, hi = f.metadata["lo"], f.metadata["hi"]
        if not low < high or (lo is not None and low < lo) or (hi is not None and high > hi):
            raise ValueError(f"{path}: {key}: [{low}, {high}] (allowed: low < high within [{lo}, {hi}])")
        rvs[str(key)] = pyabc.RV("uniform", low, high - low)
    return pyabc.Distribution(**rvs)


def sample_prior(prior: pyabc.Distribution, n: int, rng: np.random.Generator) -> pd.DataFrame:
    """``n`` candidates drawn from the prior (columns in the prior's key order)."""
    return pd.DataFrame({k: prior[k].distribution.rvs(size=n, random_state=rng) for k in prior})


def prior_pdf(prior: pyabc.Distribution, X: pd.DataFrame) -> np.ndarray:
    """Prior density of each row of ``X``."""
    return np.array([prior.pdf(dict(row)) for _, row in X.iterrows()])


def propose(
    transition: pyabc.MultivariateNormalTransition,
    previous: pd.DataFrame,
    prior: pyabc.Distribution,
    n: int,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """``n`` candidates: a previous particle drawn by weight, perturbed by the kernel, inside the prior."""
    keys = list(prior)
    X, w = previous[keys].to_numpy(), previous["weight"].to_numpy()
    out: list[np.ndarray] = []
    while len(out) < n:
        x = X[rng.choice(len(X), p=w)] + rng.multivariate_normal(np.zeros(len(keys)), transition.cov)
        if prior.pdf(dict(zip(keys, x, strict=True))) > 0:
            out.append(x)
    return pd.DataFrame(out, columns=keys)


def scored(candidates: pd.DataFrame, scores: pd.DataFrame) -> pd.DataFrame:
    """Candidates with their scores alongside (row by row)."""
    if len(scores) != len(candidates) or "distance" not in scores:
        raise ValueError("the evaluator must return one row per candidate with a 'distance' column")
    return pd.concat([candidates.reset_index(drop=True), scores.reset_index(drop=True)], axis=1)


def _epsilon(particles: pd.DataFrame) -> Callable[[], pd.DataFrame]:
    return lambda: pd.DataFrame({"distance": particles["distance"], "w": particles["weight"]})


def run(prior: pyabc.Distribution, evaluate: Evaluator, settings: Settings, seed: int) -> list[Generation]:
    """Run the ABC-SMC and return every generation (the last one is the posterior).

    Parameters
    ----------
    prior : pyabc.Distribution
        Prior of the fitted parameters.
    evaluate : Evaluator
        Distances of a batch of candidates.
    settings : Settings
        Sizes and epsilon quantile.
    seed : int
        Root seed of the candidates (``numpy.random.SeedSequence``; one stream per generation).
    """
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(settings.generations)]
    epsilon = pyabc.QuantileEpsilon(
        initial_epsilon="from_sample", alpha=settings.alpha, weighted=settings.weighted
    )
    n0 = int(np.ceil(settings.population / settings.alpha))
    candidates = sample_prior(prior, n0, streams[0])
    first = scored(candidates, evaluate(0, 0, candidates)).assign(weight=1.0 / n0)
    epsilon.initialize(0, _epsilon(first), lambda: [], settings.generations, {})
    accepted = first[first["distance"] <= epsilon(0)].head(settings.population)
    generations = [
        Generation(0, accepted.assign(weight=1.0 / len(accepted)).reset_index(drop=True), epsilon(0), n0)
    ]
    for t in range(1, settings.generations):
        previous = generations[-1].particles
        if len(previous) < 2:
            log.warning("generation %d has %d particle(s): stopping", t - 1, len(previous))
            break
        epsilon.update(t, _epsilon(previous), lambda: [], 1.0, {})
        transition = pyabc.MultivariateNormalTransition(scaling=settings.scaling)
        transition.fit(previous[list(prior)], previous["weight"].to_numpy())
        found, spent = [], 0
        for b in range(settings.max_batches):
            batch = propose(transition, previous, prior, settings.batch, streams[t])
            batch = scored(batch, evaluate(t, b, batch))
            spent += len(batch)
            found.append(batch[batch["distance"] <= epsilon(t)])
            if sum(map(len, found)) >= settings.population:
                break
        kept = pd.concat(found, ignore_index=True).head(settings.population)
        if kept.empty:
            log.warning("generation %d accepted none of %d candidates: stopping", t, spent)
            break
        weights = prior_pdf(prior, kept[list(prior)]) / np.atleast_1d(transition.pdf(kept[list(prior)]))
        kept["weight"] = weights / weights.sum()
        generations.append(Generation(t, kept, epsilon(t), spent))
        log.info("generation %d: epsilon %.4g, %d of %d accepted", t, epsilon(t), len(kept), spent)
    return generations
