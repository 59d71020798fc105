"""Residents as Mesa agents: views onto the model's arrays.

A resident's hot state lives in the model's :class:`~sim.state.ResidentState` arrays, so a step is
array work over all residents. The agent object gives users and views the usual Mesa handle
(``model.residents``, ``agent.cell`` once ``model.space`` is built, attribute access); reading an
attribute reads the array entry. The model builds these objects only when they are first asked for.
"""

from __future__ import annotations

import mesa
from mesa.discrete_space import FixedAgent

from sim.institutions import InstitutionState
from sim.state import LEVELS, ResidentState
from sim.world.population import AGE_BANDS


class Resident(FixedAgent):
    """A resident (owner or tenant, possibly a party member).

    Parameters
    ----------
    model : mesa.Model
        The model it belongs to.
    state, institutions : ResidentState, InstitutionState
        The arrays it reads.
    index : int
        Position of this resident along the arrays' resident axis.
    """

    def __init__(
        self, model: mesa.Model, state: ResidentState, institutions: InstitutionState, index: int
    ) -> None:
        super().__init__(model)
        self.state, self.institutions, self.index = state, institutions, index

    @property
    def owner(self) -> bool:
        """Lives in an owner-occupied home."""
        return bool(self.state.population.owner[self.index])

    @property
    def tenant(self) -> bool:
        """Rents the home."""
        return not self.owner

    @property
    def party_member(self) -> bool:
        """Member of the party (leads by example)."""
        return bool(self.state.population.party[self.index])

    @property
    def age_band(self) -> str:
        """Age band label."""
        return AGE_BANDS[int(self.state.population.age_band[self.index])]

    @property
    def busy(self) -> bool:
        """Works regular hours."""
        return bool(self.state.population.busy[self.index])

    @property
    def digital(self) -> bool:
        """Has digital access."""
        return bool(self.state.population.digital[self.index])

    @property
    def mediator(self) -> bool:
        """Trained as a resident mediator by a social organisation."""
        return bool(self.institutions.mediator[self.index])

    @property
    def member(self) -> bool:
        """Belongs to a community social organisation."""
        return bool(self.institutions.organisations.member[self.index])

    @property
    def participation_level(self) -> str:
        """``"passive"``, ``"occasional"`` or ``"active"``."""
        return LEVELS[int(self.state.level[self.index])]

    @property
    def awareness(self) -> float:
        """Awareness in [0, 1]."""
        return float(self.state.awareness[self.index])

    @property
    def threshold(self) -> float:
        """Threshold under the threshold rule."""
        return float(self.state.threshold[self.index])

    @property
    def participations(self) -> int:
        """Participations since step 0."""
        return int(self.state.total[self.index])

    def trust(self, institution: str) -> float:
        """Trust in ``institution`` (one of :data:`sim.params.INSTITUTIONS`)."""
        row = self.state.institutions.index(institution)
        return float(self.state.trust[row, self.index])
