"""Snapshots of a model: copy it, save it to a file and load it back, at any day; fork one burn-in.

A snapshot is the whole model, pickled: its arrays, its institutions, its Mesa agents and every named
random stream (:mod:`sim.rng`) with its state, so that a restored model runs on exactly as the
original would. A model built with ``onset=False`` stops at the end of its burn-in;
:func:`fork` starts a copy of it at the onset of any scenario that shares that burn-in
(:func:`sim.model.burn_in_of`), bit-identical to that scenario's run from scratch: scenarios of one
community and seed then burn in once (:func:`sim.simulation.simulate_many`).

A snapshot file is a pickle: load only files you trust (as with any pickle).

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
from pathlib import Path

from sim.model import CommunityModel
from sim.params import Config
from sim.validate import ConfigError
from sim.version import __version__


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


def save(model: CommunityModel, path: str | Path) -> None:
    """Write ``model`` in its present state to the file ``path`` (with this version of cogov)."""
    with Path(path).open("wb") as file:
        pickle.dump((__version__, model), file, protocol=pickle.HIGHEST_PROTOCOL)


def load(path: str | Path) -> CommunityModel:
    """The model saved in the file ``path`` by :func:`save`.

    Raises
    ------
    sim.ConfigError
        If ``path`` does not hold a snapshot saved by this version of cogov.
    """
    allowed = f"a snapshot file saved by sim.snapshot.save of cogov {__version__}"
    try:
        with Path(path).open("rb") as file:
            version, model = pickle.load(file)
    except (
        OSError,
        ImportError,
        pickle.UnpicklingError,
        EOFError,
        LookupError,
        TypeError,
        ValueError,
        AttributeError,
    ) as err:
        raise ConfigError("snapshot", str(path), f"{allowed} ({type(err).__name__})") from None
    if version != __version__ or not isinstance(model, CommunityModel):
        raise ConfigError("snapshot", str(path), allowed)
    return model
