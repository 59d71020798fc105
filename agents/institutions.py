"""Institutional actors as Mesa agents: views onto the model's institution state.

Their behaviour is array work in :mod:`sim.mechanisms`; the agents give users and views a handle on
each actor that has state (``model.agents_by_type[SocialOrganisation]``) and read it from the
:class:`~sim.institutions.InstitutionState` they are given.
"""

from __future__ import annotations

import mesa
import numpy as np

from sim.institutions import InstitutionState


class InstitutionAgent(mesa.Agent):
    """An institutional actor: a Mesa agent that reads the institutions' state.

    Parameters
    ----------
    model : mesa.Model
        The model it belongs to.
    institutions : InstitutionState
        The state it reads.
    """

    def __init__(self, model: mesa.Model, institutions: InstitutionState) -> None:
        super().__init__(model)
        self.institutions = institutions


class SocialOrganisation(InstitutionAgent):
    """A community social organisation (社会组织), the ``index``-th of the organisation arrays."""

    def __init__(self, model: mesa.Model, institutions: InstitutionState, index: int) -> None:
        super().__init__(model, institutions)
        self.index = index

    @property
    def members(self) -> np.ndarray:
        """Indices of the residents who belong to it."""
        return np.flatnonzero(self.institutions.organisations.org_of == self.index)

    @property
    def credibility(self) -> float:
        """Public credibility in [0, 1]."""
        return float(self.institutions.organisations.credibility[self.index])


class ResidentsCommittee(InstitutionAgent):
    """The residents' committee (社区居委会): answers requests and mediates within its capacity."""

    @property
    def capacity(self) -> float:
        """Cases it can take per day after top-down administrative tasks (on average)."""
        return self.institutions.committee_capacity


class HomeownersCommittee(InstitutionAgent):
    """The homeowners' committee (业主委员会), which exists only once owners have founded it."""

    @property
    def formed(self) -> bool:
        """Whether the committee exists now."""
        return self.institutions.homeowners.formed
