"""Snapshots of a model: copy it at any day, in memory; fork one burn-in into many scenarios.

A snapshot is the whole model, pickled: its arrays, its institutions, its Mesa agents and every named
random stream (:mod:`sim.rng`) with its state, so that a restored model runs on exactly as the
original would. A model built with ``onset=False`` stops at the end of its burn-in;
:func:`fork` starts a copy of it at the onset of any scenario that shares that burn-in
(:func:`sim.model.burn_in_of`), bit-identical to that scenario's run from scratch: scenarios of one
community and seed then burn in once (:func:`sim.simulation.simulate_many`).

A snapshot stays in memory: the pickle round trip that copies a model would, read from a file someone
sent, run any code the file names, and no file a user receives may do that. A snapshot file needs a
format of plain data (arrays and numbers), which this module does not write yet.

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

from sim.model import CommunityModel
from sim.params import Config


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
