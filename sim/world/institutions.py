"""The state of the institutional actors, built from their parameters at initialisation."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sim.mechanisms.organisations import Organisations
from sim.params import INSTITUTIONS, InstitutionsParams
from sim.world import collaboration


@dataclass
class InstitutionState:
    """Arrays and flags of the institutions (the model owns one).

    Attributes
    ----------
    organisations : Organisations
        Social organisations and their members.
    mediator : numpy.ndarray of bool
        Residents trained as mediators.
    social_workers, grid_workers : int
        Head counts.
    committee_capacity : int
        Cases the residents' committee can take per day after top-down tasks.
    hoa_formed : bool
        Whether a homeowners' committee exists.
    hoa_formed_day : int or None
        Day it (last) formed.
    hoa_mobilisation : float
        This community's founding-assembly reach (drawn around the parameter: compounds differ).
    collaboration : numpy.ndarray
        Weighted joint-handling graph over :data:`sim.world.collaboration.ACTORS`.
    """

    organisations: Organisations
    mediator: np.ndarray
    social_workers: int
    grid_workers: int
    committee_capacity: int
    hoa_mobilisation: float
    hoa_formed: bool = False
    hoa_formed_day: int | None = None
    collaboration: np.ndarray = field(default_factory=collaboration.new_graph)

    def exists(self) -> np.ndarray:
        """Whether each institution of :data:`sim.params.INSTITUTIONS` exists now."""
        present = {"homeowners": self.hoa_formed, "social_org": self.organisations.count > 0}
        return np.array([present.get(name, True) for name in INSTITUTIONS])

    def actors_present(self) -> np.ndarray:
        """Whether each actor of :data:`sim.world.collaboration.ACTORS` exists now."""
        present = {
            "homeowners": self.hoa_formed,
            "social_org": self.organisations.count > 0,
            "social_worker": self.social_workers > 0,
            "grid_worker": self.grid_workers > 0,
            "mediators": bool(self.mediator.any()),
        }
        return np.array([present.get(name, True) for name in collaboration.ACTORS])


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
        Draws memberships and this community's founding-assembly mobilisation.
    """
    w, c = params.workers, params.committee
    m = c.hoa_mobilisation
    mobilisation = float(rng.beta(20.0 * m, 20.0 * (1.0 - m))) if 0.0 < m < 1.0 else m
    return InstitutionState(
        organisations=Organisations.found(params.organisations, residents, rng),
        mediator=np.zeros(residents, dtype=bool),
        social_workers=int(round(w.social_per_1000_households * households / 1000.0)),
        grid_workers=int(np.ceil(households / w.grid_households)) if w.grid else 0,
        committee_capacity=int(round(c.staff_cases_per_1000 * residents / 1000.0 * (1.0 - c.admin_share))),
        hoa_mobilisation=mobilisation,
    )
