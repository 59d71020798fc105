"""The state of the institutional actors, built from their parameters at initialisation."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sim.mechanisms.homeowners import Homeowners
from sim.mechanisms.organisations import Organisations
from sim.params import INSTITUTIONS, InstitutionsParams
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
    social_workers, grid_workers : int
        Head counts.
    committee_capacity : int
        Cases the residents' committee can take per day after top-down tasks.
    collaboration : numpy.ndarray
        Weighted joint-handling graph over :data:`sim.world.collaboration.ACTORS`.
    """

    organisations: Organisations
    homeowners: Homeowners
    mediator: np.ndarray
    social_workers: int
    grid_workers: int
    committee_capacity: int
    collaboration: np.ndarray = field(default_factory=collaboration.new_graph)

    def exists(self) -> np.ndarray:
        """Whether each institution of :data:`sim.params.INSTITUTIONS` exists now."""
        present = {"homeowners": self.homeowners.formed, "social_org": self.organisations.count > 0}
        return np.array([present.get(name, True) for name in INSTITUTIONS])

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


def draw_mobilisation(mean: float, concentration: float, rng: np.random.Generator) -> float:
    """Draw a community's founding-assembly reach: Beta around ``mean`` (compounds differ).

    ``mean`` itself when it is 0 or 1.
    """
    if 0.0 < mean < 1.0:
        return float(rng.beta(concentration * mean, concentration * (1.0 - mean)))
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
    w, c = params.workers, params.committee
    mobilisation = draw_mobilisation(c.hoa_mobilisation, c.hoa_mobilisation_concentration, rng)
    return InstitutionState(
        organisations=Organisations.found(params.organisations, residents, rng),
        homeowners=Homeowners(mobilisation),
        mediator=np.zeros(residents, dtype=bool),
        social_workers=int(round(w.social_per_1000_households * households / 1000.0)),
        grid_workers=int(np.ceil(households / w.grid_households)) if w.grid else 0,
        committee_capacity=int(round(c.staff_cases_per_1000 * residents / 1000.0 * (1.0 - c.admin_share))),
    )
