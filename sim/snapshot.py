"""Snapshots of a model: copy it at any day, in memory; fork one burn-in into many scenarios.

A snapshot is the whole model, pickled: its arrays, its institutions, its Mesa agents and every named
random stream (:mod:`sim.rng`) with its state, so that a restored model runs on exactly as the
original would. A model built with ``onset=False`` stops at the end of its burn-in;
:func:`fork` starts a copy of it at the onset of any scenario that shares that burn-in
(:func:`sim.model.burn_in_of`), bit-identical to that scenario's run from scratch: scenarios of one
community and seed then burn in once. :class:`BurnIns` keeps the burnt-in models of a process, so that
:func:`sim.simulation.simulate_many` and every sweep job of a worker (:mod:`experiments.sweep.job`)
burn in once per shared burn-in.

A copy stays in memory: the pickle round trip that copies a model would, read from a file someone
sent, run any code the file names, and no file a user receives may do that. Files of burnt-in models
are plain data (arrays and JSON, :mod:`sim.snapshot_file`).

Examples
--------
>>> from sim.params import with_values
>>> small = {"community.residents": 300, "burn_in": 30, "steps": 10}
>>> burnt = CommunityModel(with_values(Config(), small), onset=False)
>>> forum = fork(burnt, with_values(Config(), {**small, "channels.forum.enabled": True}))
>>> forum.run()
>>> scratch = CommunityModel(forum.cfg)
>>> scratch.run()
>>> scratch.timeseries().equals(forum.timeseries())
True
"""

from __future__ import annotations

import pickle
from typing import Any

import numpy as np

from sim.memory import kept_models
from sim.model import CommunityModel, burn_in_of, set_values
from sim.params import Config
from sim.validate import validate


def copy(model: CommunityModel) -> CommunityModel:
    """An independent copy of ``model`` in its present state (a pickle round trip)."""
    copied: CommunityModel = pickle.loads(pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL))
    return copied


def fork(burnt: CommunityModel, cfg: Config) -> CommunityModel:
    """A copy of ``burnt`` (built with ``onset=False``) started at the onset of ``cfg``.

    Parameters
    ----------
    burnt : CommunityModel
        A model at the end of its burn-in; it is left as it is, to fork again.
    cfg : Config
        A scenario that shares the burn-in of ``burnt`` (:func:`sim.model.burn_in_of`).

    Returns
    -------
    CommunityModel
        The model of ``cfg`` at the onset, whose run is bit-identical to ``CommunityModel(cfg)``'s.

    Raises
    ------
    sim.ConfigError
        If ``cfg`` is invalid or does not share the burn-in (one line naming the first key that differs).
    """
    model = copy(burnt)
    model.start(cfg)
    return model


class BurnIns:
    """Burnt-in models kept in memory, so that runs that share a burn-in burn in once.

    :meth:`start` gives a model of ``cfg`` at its onset: a fork of a kept model with the same
    :func:`~sim.model.burn_in_of`, or a new model whose burn-in is then kept. Each run is
    bit-identical to ``CommunityModel(cfg)``'s (:func:`fork`). The ``keep`` most recently used
    burn-ins are kept; models above :data:`sim.memory.KEEP_BYTES` are never kept (the memory a store
    adds: :func:`sim.memory.estimate_memory` with ``keep``).

    Parameters
    ----------
    keep : int, default 2
        Burnt-in models kept at most (>= 1).
    thresholds, initial_active : array_like, optional
        As for :class:`~sim.model.CommunityModel`, the same for every model of the store.

    Examples
    --------
    >>> from sim.params import with_values
    >>> small = {"community.residents": 300, "burn_in": 30, "steps": 10}
    >>> burn_ins = BurnIns()
    >>> base, paid = burn_ins.start(with_values(Config(), small))
    >>> forum, again = burn_ins.start(with_values(Config(), {**small, "channels.forum.enabled": True}))
    >>> paid > 0.0, again, len(burn_ins)
    (True, 0.0, 1)
    """

    def __init__(
        self,
        keep: int = 2,
        *,
        thresholds: np.ndarray | None = None,
        initial_active: np.ndarray | None = None,
    ) -> None:
        if keep < 1:
            raise ValueError(f"keep: {keep!r} (allowed: an integer >= 1)")
        self.keep = keep
        self._given: dict[str, Any] = {"thresholds": thresholds, "initial_active": initial_active}
        self._kept: list[tuple[Config, CommunityModel]] = []  # least recently used first

    def __len__(self) -> int:
        return len(self._kept)

    def start(self, cfg: Config, **values: Any) -> tuple[CommunityModel, float]:
        """A model of ``cfg`` at its onset, and the seconds of burn-in this call paid (0.0 for a fork).

        ``values`` are dotted parameter names set on top of ``cfg``, as for
        :class:`~sim.model.CommunityModel`.

        Raises
        ------
        sim.ConfigError
            For an invalid ``cfg`` or ``values`` (before anything runs).
        """
        cfg = validate(set_values(cfg, values))
        key = burn_in_of(cfg)
        for k, (shared, burnt) in enumerate(self._kept):
            if shared == key:
                self._kept.append(self._kept.pop(k))
                return fork(burnt, cfg), 0.0
        if not kept_models(cfg, self.keep):
            model = CommunityModel(cfg, **self._given)
            return model, model.burn_in_seconds
        burnt = CommunityModel(cfg, onset=False, **self._given)
        self._kept = [*self._kept, (key, burnt)][-self.keep :]
        return fork(burnt, cfg), burnt.burn_in_seconds
