"""A randomised field experiment inside a run: households assigned to a treatment, an outcome per resident.

The design is a field experiment's (Gerber & Green 2000; docs/CALIBRATION.md): on one day a random
share of households is assigned to the treatment, the others are the control; the outcome is whether
each resident takes part within the following days, on one channel (an election's turnout) or in any
co-governance act (deliberation, decision or co-production). Analysed as intent to treat (ITT: the
assigned households' rate minus the control's) and, for a treatment that does not reach every
assigned household, per household reached (CACE = ITT / contact rate).

Arm ``canvass``: one door-to-door visit to each assigned household, which finds someone at the door
with the contact rate; the resident who opens the door (one member, at random) is contacted, as by an
outreach contact (exposure 1, :func:`sim.mechanisms.outreach.expose`). Housemates are not contacted:
whatever moves them comes through the model's own ties.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.params import TrialParams


@dataclass
class Trial:
    """Who was assigned, reached and contacted, and who took part in the outcome window.

    Attributes
    ----------
    assigned : numpy.ndarray of bool
        Per resident: the resident's household is assigned to the treatment.
    reached : numpy.ndarray of bool
        Per resident: the visit found someone at the resident's household's door.
    contacted : numpy.ndarray of bool
        Per resident: the resident opened the door (one per household reached).
    took_part : numpy.ndarray of bool
        Per resident: took part (on the outcome channel, or in any co-governance act) on a day of the
        outcome window so far.
    channel : int
        The outcome channel's position on the channel axis; -1 for any co-governance act.
    done : bool
        Whether nothing is left to observe: the outcome window has ended, or there is no experiment.
    """

    assigned: np.ndarray
    reached: np.ndarray
    contacted: np.ndarray
    took_part: np.ndarray
    channel: int = -1
    done: bool = False

    @classmethod
    def none(cls, n: int) -> Trial:
        """No experiment (yet): nobody assigned, nothing to observe."""
        empty = np.zeros(n, dtype=bool)
        return cls(empty, empty.copy(), empty.copy(), empty.copy(), done=True)

    @property
    def started(self) -> bool:
        """Whether anyone was assigned."""
        return bool(self.assigned.any())


def assign_and_visit(
    params: TrialParams,
    household_of: np.ndarray,
    heads: np.ndarray,
    rng: np.random.Generator,
    channel: int = -1,
) -> Trial:
    """Assign ``assigned_share`` of the households (exactly, at random) and visit them.

    Parameters
    ----------
    params : TrialParams
        The design (share of households assigned, contact rate).
    household_of : numpy.ndarray of int
        Each resident's household (residents of a household are consecutive).
    heads : numpy.ndarray of int
        The first resident of each household.
    rng : numpy.random.Generator
        The experiment's own stream.
    channel : int, default -1
        The outcome channel's position on the channel axis (-1: any co-governance act).

    Examples
    --------
    >>> household_of = np.array([0, 0, 1, 2, 2, 2])
    >>> design = TrialParams(assigned_share=0.5, contact_rate=1.0)
    >>> t = assign_and_visit(design, household_of, np.array([0, 2, 3]), np.random.default_rng(1))
    >>> int(t.assigned.sum() > 0), int(t.contacted.sum()) == len(set(household_of[t.assigned]))
    (1, True)
    """
    households = heads.size
    chosen = rng.choice(households, size=round(params.assigned_share * households), replace=False)
    assigned_household = np.zeros(households, dtype=bool)
    assigned_household[chosen] = True
    found = assigned_household & (rng.random(households) < params.contact_rate)
    sizes = np.diff(np.r_[heads, household_of.size])
    reached_heads = heads[found]
    door = reached_heads + (rng.random(reached_heads.size) * sizes[found]).astype(np.int64)
    contacted = np.zeros(household_of.size, dtype=bool)
    contacted[door] = True
    took_part = np.zeros(household_of.size, dtype=bool)
    return Trial(assigned_household[household_of], found[household_of], contacted, took_part, channel)


def observe(trial: Trial, acts_today: np.ndarray) -> None:
    """Count today's co-governance acts in the outcome, unless it is one channel's (in place)."""
    if trial.channel < 0:
        trial.took_part |= acts_today > 0


def observe_channel(trial: Trial, channel: int, who: np.ndarray) -> None:
    """Count the participations ``who`` made today on ``channel`` if it is the outcome's (in place)."""
    if channel == trial.channel and not trial.done:
        trial.took_part[who] = True


def rates(trial: Trial) -> dict[str, float]:
    """The experiment's result: outcome rates by arm, contact rate, ITT and CACE (NaN before its end).

    ``trial_rate_control`` and ``trial_rate_assigned`` (residents of unassigned and assigned
    households), ``trial_rate_contacted`` (those who opened the door) and ``trial_rate_housemates``
    (the others of the households reached), ``trial_contact_rate`` (assigned residents whose household
    was reached), ``trial_itt`` and ``trial_cace``.

    Examples
    --------
    >>> t = Trial(np.array([1, 1, 0, 0], bool), np.array([1, 1, 0, 0], bool), np.array([1, 0, 0, 0], bool),
    ...           np.array([1, 0, 1, 0], bool), done=True)
    >>> r = rates(t)
    >>> r["trial_itt"], r["trial_cace"], r["trial_rate_contacted"], r["trial_rate_housemates"]
    (0.0, 0.0, 1.0, 0.0)
    """
    names = ("control", "assigned", "contacted", "housemates")
    if not (trial.done and trial.started):
        return {**{f"trial_rate_{k}": np.nan for k in names}, **dict.fromkeys(_RESULTS, np.nan)}
    groups = (~trial.assigned, trial.assigned, trial.contacted, trial.reached & ~trial.contacted)
    out = {f"trial_rate_{k}": _mean(trial.took_part[g]) for k, g in zip(names, groups, strict=True)}
    contact = _mean(trial.reached[trial.assigned])
    itt = out["trial_rate_assigned"] - out["trial_rate_control"]
    out.update(trial_contact_rate=contact, trial_itt=itt, trial_cace=itt / contact if contact else np.nan)
    return out


_RESULTS = ("trial_contact_rate", "trial_itt", "trial_cace")


def _mean(mask: np.ndarray) -> float:
    return float(mask.mean()) if mask.size else np.nan
