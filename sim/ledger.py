"""The staff-hours ledger: the hours of work each actor gives, from what the mechanisms did.

What an intervention costs is mostly people's time. The ledger turns the run's counters into hours
by actor (:class:`~sim.params.LedgerParams` prices each act):

- **grid workers** and **social workers** are paid staff: their contracted hours
  (``week_hours / 7`` a day per full-time worker), busy or not;
- **committee** staff (the residents' committee with the party and street office it convenes for):
  ``case_hours`` per service request answered by a channel or its back office,
  ``mediation_hours`` per dispute settled by the committee or the street office, and
  ``session_hours`` per session of a scheduled channel that the committee, the party or the street
  office convenes;
- **mediators**: residents trained as mediators, ``mediation_hours`` per dispute they settle;
- **volunteers**: residents' own time in volunteer sessions and organisation activities (each
  participation's ``time_cost``) and ``mediation_hours`` per dispute an organisation settles.

The ledger is accounting only: nothing in the dynamics reads it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.params import LedgerParams

ACTORS = ("grid_workers", "social_workers", "committee", "mediators", "volunteers")
"""The actors of the ledger, as column suffixes of ``staff_hours_<actor>``."""
STAFFED = ("committee", "party", "street")
"""Institutions whose scheduled channel sessions take staff time (the others are run by residents,
the property company or organisations)."""


@dataclass(frozen=True)
class Work:
    """What was done since the onset, as the ledger prices it.

    Attributes
    ----------
    days : int
        Days since the onset.
    grid_workers, social_workers : float
        Full-time equivalents employed.
    staffed_sessions : int
        Sessions held of scheduled channels convened by :data:`STAFFED` institutions.
    requests_answered : int
        Service requests answered by a channel or its back office (not by a grid worker on patrol,
        whose time is already paid).
    settled_by_staff, settled_by_mediators, settled_by_organisations : int
        Disputes settled by the committee or street office, by resident mediators, by organisations.
    volunteer_hours : float
        Residents' hours in volunteer sessions and organisation activities.
    """

    days: int
    grid_workers: float
    social_workers: float
    staffed_sessions: int
    requests_answered: int
    settled_by_staff: int
    settled_by_mediators: int
    settled_by_organisations: int
    volunteer_hours: float


def staff_hours(work: Work, p: LedgerParams) -> dict[str, float]:
    """Hours by actor (``staff_hours_<actor>``) and in all (``staff_hours``).

    Examples
    --------
    >>> w = Work(7, 2, 0.5, 1, 10, 1, 2, 0, 3.0)
    >>> hours = staff_hours(w, LedgerParams())
    >>> hours["staff_hours_grid_workers"], hours["staff_hours_social_workers"]
    (80.0, 20.0)
    >>> hours["staff_hours_committee"], hours["staff_hours_mediators"], hours["staff_hours"]
    (16.0, 4.0, 123.0)
    """
    paid_day = p.week_hours / 7.0
    out = {
        "staff_hours_grid_workers": work.grid_workers * paid_day * work.days,
        "staff_hours_social_workers": work.social_workers * paid_day * work.days,
        "staff_hours_committee": p.session_hours * work.staffed_sessions
        + p.case_hours * work.requests_answered
        + p.mediation_hours * work.settled_by_staff,
        "staff_hours_mediators": p.mediation_hours * work.settled_by_mediators,
        "staff_hours_volunteers": work.volunteer_hours + p.mediation_hours * work.settled_by_organisations,
    }
    out["staff_hours"] = sum(out.values())
    return out
