"""The state of the institutional actors, built from their parameters at initialisation."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.special import betaincinv

from sim.mechanisms.homeowners import Homeowners
from sim.mechanisms.organisations import Organisations
from sim.params import CHANNEL_NAMES, INSTITUTIONS, InstitutionsParams
from sim.world import collaboration

HOMEOWNERS = INSTITUTIONS.index("homeowners")


@dataclass
class InstitutionState:
    """Arrays and flags of the institutions (the model owns one).

    Attributes
    ----------
    organisations : Organisations
        Social organisations and their members.
    homeowners : Homeowners
        The homeowners' committee (founded or not).
    mediator : numpy.ndarray of bool
        Residents trained as mediators.
    social_workers : float
        Social workers (full-time equivalents: a fraction works part of the time).
    grid_workers : int
        Grid workers (one per grid).
    committee_capacity : float
        Cases the residents' committee can take per day after top-down tasks (on average).
    mobilisation_quantile : float
        This community's place in the distribution of founding-assembly mobilisation (drawn once).
    collaboration : numpy.ndarray
        Weighted joint-handling graph over :data:`sim.world.collaboration.ACTORS`.
    sessions_held : numpy.ndarray
        Sessions each channel of :data:`sim.params.CHANNEL_NAMES` has held (since the onset).
    """

    organisations: Organisations
    homeowners: Homeowners
    mediator: np.ndarray
    social_workers: float
    grid_workers: int
    committee_capacity: float
    mobilisation_quantile: float
    collaboration: np.ndarray = field(default_factory=collaboration.new_graph)
    sessions_held: np.ndarray = field(default_factory=lambda: np.zeros(len(CHANNEL_NAMES), np.int64))

    def exists(self) -> np.ndarray:
        """Whether each institution of :data:`sim.params.INSTITUTIONS` exists now."""
        present = {"homeowners": self.homeowners.formed, "social_org": self.organisations.count > 0}
        return np.array([present.get(name, True) for name in INSTITUTIONS])

    def restart_counts(self) -> None:
        """Start the joint-handling record and the session counts at zero (at the intervention onset)."""
        self.collaboration[:] = 0.0
        self.sessions_held[:] = 0

    def lapse(self, institution: int) -> None:
        """The founded institution ``institution`` (the homeowners' committee) lapses."""
        if institution == HOMEOWNERS:
            self.homeowners.formed = False

    def actors_present(self) -> np.ndarray:
        """Whether each actor of :data:`sim.world.collaboration.ACTORS` exists now."""
        present = {
            "homeowners": self.homeowners.formed,
            "social_org": self.organisations.count > 0,
            "social_worker": self.social_workers > 0,
            "grid_worker": self.grid_workers > 0,
            "mediators": bool(self.mediator.any()),
        }
        return np.array([present.get(name, True) for name in collaboration.ACTORS])

    def staff(self, params: InstitutionsParams, residents: int, households: int) -> None:
        """Set head counts, capacity and mobilisation from ``params`` (at initialisation and at onset)."""
        w, c = params.workers, params.committee
        self.social_workers = w.social_per_1000_households * households / 1000.0
        self.grid_workers = int(np.ceil(households / w.grid_households)) if w.grid else 0
        self.committee_capacity = c.staff_cases_per_1000 * residents / 1000.0 * (1.0 - c.admin_share)
        self.homeowners.mobilisation = mobilisation(
            c.hoa_mobilisation, c.hoa_mobilisation_concentration, self.mobilisation_quantile
        )


def mobilisation(mean: float, concentration: float, quantile: float) -> float:
    """A community's founding-assembly reach: the ``quantile`` of Beta(c m, c (1 - m)) around ``mean``.

    Compounds differ in how hard they are organised; a community keeps its quantile when an
    intervention changes the mean. ``mean`` itself when it is 0 or 1.

    Examples
    --------
    >>> round(mobilisation(0.75, 20.0, 0.5), 3), mobilisation(1.0, 20.0, 0.3)
    (0.758, 1.0)
    """
    if 0.0 < mean < 1.0:
        return float(betaincinv(concentration * mean, concentration * (1.0 - mean), quantile))
    return mean


def build_institutions(
    params: InstitutionsParams, residents: int, households: int, rng: np.random.Generator
) -> InstitutionState:
    """Found the organisations and staff the institutions of a community.

    Parameters
    ----------
    params : InstitutionsParams
        Organisations, workers and committees.
    residents, households : int
        Community size.
    rng : numpy.random.Generator
        Draws this community's founding-assembly mobilisation and the memberships.
    """
    inst = InstitutionState(
        organisations=Organisations.found(params.organisations, residents, rng),
        homeowners=Homeowners(0.0),
        mediator=np.zeros(residents, dtype=bool),
        social_workers=0.0,
        grid_workers=0,
        committee_capacity=0.0,
        mobilisation_quantile=float(rng.random()),
    )
    inst.staff(params, residents, households)
    return inst
