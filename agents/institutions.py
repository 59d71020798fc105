"""Institutional actors as Mesa agents: views onto the model's institution state.

Their behaviour is array work in the mechanism modules (:mod:`sim.mechanisms.organisations`,
:mod:`sim.mechanisms.workers`, :mod:`sim.mechanisms.requests`, :mod:`sim.mechanisms.disputes`, :mod:`sim.mechanisms.homeowners`); the agents give
users and views a handle on each actor (``model.agents_by_type[SocialOrganisation]``) and read their
state from the arrays.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

if TYPE_CHECKING:
    from sim.model import CommunityModel


class SocialOrganisation(mesa.Agent):
    """A community social organisation (社会组织).

    Parameters
    ----------
    model : CommunityModel
        The model that owns the organisation arrays.
    index : int
        The organisation's position in those arrays.
    """

    model: CommunityModel

    def __init__(self, model: CommunityModel, index: int) -> None:
        super().__init__(model)
        self.index = index

    @property
    def members(self) -> np.ndarray:
        """Indices of the residents who belong to it."""
        return np.flatnonzero(self.model.institutions.organisations.org_of == self.index)

    @property
    def credibility(self) -> float:
        """Public credibility in [0, 1]."""
        return float(self.model.institutions.organisations.credibility[self.index])


class ResidentsCommittee(mesa.Agent):
    """The residents' committee (社区居委会): answers requests and mediates within its capacity."""

    model: CommunityModel

    @property
    def capacity(self) -> int:
        """Cases it can take per day after top-down administrative tasks."""
        return self.model.institutions.committee_capacity


class HomeownersCommittee(mesa.Agent):
    """The homeowners' committee (业主委员会), which exists only once owners have founded it."""

    model: CommunityModel

    @property
    def formed(self) -> bool:
        """Whether the committee exists now."""
        return self.model.institutions.hoa_formed
