"""How much memory a run needs, before building it: for job requests on clusters and for refusing early.

The peak resident memory of building and running a :class:`~sim.model.CommunityModel` is, to within
a factor of two (measured peaks of 1,000 to 1,000,000 residents on every network kind, Nov 2026,
in ``docs/EXPERIMENTS.md``), the sum of

- a fixed baseline: the interpreter with numpy, scipy, pandas, Mesa and Hydra, as in a
  ``cogov-sweep`` job (measured 221 MiB; a model alone in a fresh process, 153 MiB);
- the residents' state arrays and a step's temporaries (~256 bytes a resident);
- the ties: the edge lists from which the network is built and its CSR adjacency (~56 bytes per
  tie end, ~80 for Erdős–Rényi, whose sampler redraws duplicates);
- the time series, one row of metrics kept per step (~7 KiB a row of ~130 floats);
- burnt-in models kept beside the run (:class:`sim.snapshot.BurnIns`), each the state and ties again,
  for communities up to :data:`KEEP_BYTES` of them.

The engine imports nothing from Hydra, scenarios or experiments; this module reads only the config.
"""

from __future__ import annotations

from pathlib import Path

from sim.params import Config, NetworkParams
from sim.validate import ConfigError

MiB = 2**20
GiB = 2**30
BASELINE = 224 * MiB
"""Interpreter and libraries of a sweep job (measured 221 MiB at 300 residents)."""
RESIDENT_BYTES = 256
"""State arrays of one resident (~30 numbers) and its share of a step's temporaries."""
TIE_BYTES = 56
"""Building and holding one tie end: int64 edge lists, their sort, the CSR arrays."""
TIE_BYTES_BY_KIND = {"erdos_renyi": 80}
"""Kinds whose builder costs more per tie (G(n, p) samples, deduplicates and redraws)."""
ROW_BYTES = 7 * 1024
"""One time-series row: a dict of ~130 float metrics, ~52 bytes each with its dict slot."""
MEMINFO = Path("/proc/meminfo")
KEEP_BYTES = 256 * MiB
"""Largest community (:func:`model_bytes`) whose burnt-in model is kept in memory for other runs to fork
(:class:`sim.snapshot.BurnIns`): a kept model and its running fork double a run's state, so a community of
more than ~500,000 urban residents is burnt in afresh for each run instead."""


def ties_per_resident(net: NetworkParams, residents: int) -> float:
    """Mean number of ties of a resident in the network that ``net`` builds for ``residents``.

    Parameters
    ----------
    net : NetworkParams
        Network kind, mean degree, local share, building and household sizes.
    residents : int
        Size of the community.

    Returns
    -------
    float
        Expected degree, household ties included (``urban``, ``rural``).

    Examples
    --------
    >>> ties_per_resident(NetworkParams(kind="complete"), 1000)
    999.0
    >>> ties_per_resident(NetworkParams(kind="watts_strogatz", mean_degree=5.0), 1000)
    4.0
    >>> round(ties_per_resident(NetworkParams(kind="urban", mean_degree=6.0), 1000), 2)
    8.22
    """
    degree = net.mean_degree
    if net.kind == "complete":
        return float(residents - 1)
    if net.kind == "watts_strogatz":
        return float(2 * max(1, round(degree / 2)))
    if net.kind == "erdos_renyi":
        return degree
    # households are cliques of 1 + Poisson(h - 1) members: a resident has E[s(s-1)] / E[s] mates
    extra = net.household_size - 1.0
    household = extra * (2.0 + extra) / (1.0 + extra)
    local = min(net.local_share * degree, net.building_size - 1.0)
    if net.kind == "rural":  # a ring lattice of an even number of neighbours
        local = 2 * max(1, round(local / 2))
    return household + local + (1.0 - net.local_share) * degree


def model_bytes(cfg: Config) -> int:
    """Bytes of a model of ``cfg`` without its time series: the residents' state and the ties.

    Examples
    --------
    >>> round(model_bytes(Config()) / MiB, 1)  # 3,000 urban residents
    2.0
    """
    n = cfg.community.residents
    net = cfg.community.network
    tie_bytes = TIE_BYTES_BY_KIND.get(net.kind, TIE_BYTES)
    return int(n * RESIDENT_BYTES + n * ties_per_resident(net, n) * tie_bytes)


def kept_models(cfg: Config, keep: int) -> int:
    """Burnt-in models of ``cfg`` a store keeping ``keep`` holds: ``keep``, or 0 above :data:`KEEP_BYTES`.

    Examples
    --------
    >>> kept_models(Config(), 2)
    2
    >>> big = Config()
    >>> big.community.residents = 2_000_000
    >>> kept_models(big, 2)
    0
    """
    return keep if model_bytes(cfg) <= KEEP_BYTES else 0


def estimate_memory(cfg: Config, keep: int = 0) -> int:
    """Estimate the peak resident memory of building and running ``cfg``, in bytes.

    Parameters
    ----------
    cfg : Config
        The run: residents, network (kind, mean degree, household and building sizes) and steps.
    keep : int, default 0
        Burnt-in models a store beside the run keeps at most (:class:`sim.snapshot.BurnIns`); each
        adds the model again (:func:`kept_models`).

    Returns
    -------
    int
        Bytes; within a factor of two of the measured peak (it errs high, by 1.0 to 1.7 times).

    Examples
    --------
    >>> small, big = Config(), Config()
    >>> big.community.residents = 1_000_000
    >>> estimate_memory(small) < estimate_memory(big)
    True
    >>> round(estimate_memory(big) / GiB, 1)
    0.9
    >>> estimate_memory(small, keep=2) - estimate_memory(small) == 2 * model_bytes(small)
    True
    """
    models = 1 + kept_models(cfg, keep)
    return int(BASELINE + models * model_bytes(cfg) + (cfg.steps + 1) * ROW_BYTES)


def available_memory() -> int:
    """Memory available to a new process on this machine, in bytes.

    Reads ``MemAvailable`` of ``/proc/meminfo`` (Linux); elsewhere asks psutil, when installed.

    Returns
    -------
    int
        Bytes the kernel can hand out without swapping.

    Raises
    ------
    OSError
        Without ``/proc/meminfo`` and without psutil.
    """
    if MEMINFO.exists():
        for line in MEMINFO.read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    try:
        import psutil
    except ImportError:
        raise OSError(
            "cannot tell the available memory: no /proc/meminfo and psutil is not installed"
        ) from None
    return int(psutil.virtual_memory().available)


def gib(size: int) -> str:
    """Format a size in bytes as GiB with one decimal, e.g. ``'41.2 GiB'``."""
    return f"{size / GiB:.1f} GiB"


class ResourceError(ConfigError):
    """A run that would not fit in this machine's memory; ``str(error)`` is one line with both numbers.

    Parameters
    ----------
    residents : int
        Size of the community asked for.
    needed : int
        Estimated peak memory of the run, in bytes.
    available : int
        Memory available here, in bytes.
    """

    def __init__(self, residents: int, needed: int, available: int) -> None:
        self.key, self.value, self.unknown = "community.residents", residents, False
        self.allowed = f"a community that fits in {gib(available)}"
        self.needed, self.available = needed, available
        ValueError.__init__(
            self,
            f"{residents:,} residents need about {gib(needed)} of memory, {gib(available)} available "
            "(fewer residents, a sparser network or fewer steps would fit)",
        )

    def __reduce__(self) -> tuple[object, ...]:
        """Pickle by the constructor's arguments (errors cross process pools in sweeps)."""
        return type(self), (self.value, self.needed, self.available)


def check_memory(cfg: Config, available: int | None = None) -> None:
    """Refuse a run whose estimated peak memory exceeds the memory available.

    Parameters
    ----------
    cfg : Config
        The run.
    available : int, optional
        Bytes available (default: :func:`available_memory` of this machine).

    Raises
    ------
    ResourceError
        When :func:`estimate_memory` of ``cfg`` is more than ``available``.

    Examples
    --------
    >>> cfg = Config()
    >>> cfg.community.residents = 10_000_000
    >>> cfg.community.network.kind = "rural"
    >>> check_memory(cfg, available=4 * GiB)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    sim.memory.ResourceError: 10,000,000 residents need about 6.5 GiB of memory, 4.0 GiB available (...)
    """
    needed = estimate_memory(cfg)
    have = available_memory() if available is None else available
    if needed > have:
        raise ResourceError(cfg.community.residents, needed, have)
