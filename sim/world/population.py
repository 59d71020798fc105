"""Static attributes of residents, drawn once at initialisation."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from functools import cached_property

import numpy as np

from sim.params import CommunityParams


class AgeBand(IntEnum):
    """Age bands (the values of :attr:`Population.age_band`)."""

    YOUNG = 0
    MIDDLE = 1
    SENIOR = 2


AGE_BANDS = ("18-34", "35-59", "60+")
"""Labels of the :class:`AgeBand` values, in order."""
PROFILE_SHAPE = (2, len(AgeBand), 2, 2)
"""Axes of :attr:`Population.profile`: owner/tenant, age band, digital/not, party/not."""
PROFILES = 2 * len(AgeBand) * 2 * 2
"""Number of distinct profiles (the product of :data:`PROFILE_SHAPE`)."""


@dataclass(frozen=True)
class Population:
    """Attributes that do not change during a run (one array entry per resident).

    Attributes
    ----------
    owner : numpy.ndarray of bool
        Lives in an owner-occupied home (else a tenant).
    age_band : numpy.ndarray of int8
        An :class:`AgeBand` (index into :data:`AGE_BANDS`).
    busy : numpy.ndarray of bool
        Works regular hours (weekdays 9-18).
    digital : numpy.ndarray of bool
        Has digital access (smartphone and skills).
    party : numpy.ndarray of bool
        Party member.
    """

    owner: np.ndarray
    age_band: np.ndarray
    busy: np.ndarray
    digital: np.ndarray
    party: np.ndarray

    @cached_property
    def profile(self) -> np.ndarray:
        """Each resident's combination of tenure, age band, digital access and party membership.

        ``12 tenant + 4 age_band + 2 nondigital + nonparty``, in 0..23 (:data:`PROFILE_SHAPE`), so one
        count over the profiles gives every group breakdown.
        """
        tenant, nondigital, nonparty = ~self.owner, ~self.digital, ~self.party
        return 12 * tenant + 4 * self.age_band.astype(np.int64) + 2 * nondigital + nonparty

    @cached_property
    def profile_sizes(self) -> np.ndarray:
        """Residents of each profile (:data:`PROFILES` counts): the population never changes."""
        return np.bincount(self.profile, minlength=PROFILES)


def draw_population(params: CommunityParams, rng: np.random.Generator) -> Population:
    """Draw the static attributes of ``params.residents`` residents.

    Parameters
    ----------
    params : CommunityParams
        Shares of owners, age bands, busy, digital and party residents.
    rng : numpy.random.Generator
        The only source of randomness.

    Returns
    -------
    Population
        Attributes drawn independently per resident (not per household).
    """
    n = params.residents
    middle = max(0.0, 1.0 - params.youth_share - params.senior_share)
    probs = np.array([params.youth_share, middle, params.senior_share])
    age_band = rng.choice(len(AgeBand), size=n, p=probs / probs.sum()).astype(np.int8)
    senior = age_band == AgeBand.SENIOR
    u = rng.random((4, n))
    return Population(
        owner=u[0] < params.owner_share,
        age_band=age_band,
        busy=(~senior) & (u[1] < params.busy_share),
        digital=u[2] < np.where(senior, params.digital_senior, params.digital_young),
        party=u[3] < params.party_share,
    )
