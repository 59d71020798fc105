"""The community co-governance model.

A step is one day and reads as a list of verbs, each a short function over arrays in a module named
after its mechanism (see :meth:`CommunityModel.step`): ``patrol`` (:mod:`sim.mechanisms.workers`),
``reach_out`` (:mod:`sim.mechanisms.outreach`, :mod:`sim.mechanisms.workers`), ``offer_and_decide`` (:mod:`sim.mechanisms.channels`,
:mod:`sim.mechanisms.participation`, :mod:`sim.mechanisms.learning`) or ``spread`` (the threshold rule),
``hold_activities`` (:mod:`sim.mechanisms.organisations`), ``convene_assembly`` (:mod:`sim.mechanisms.homeowners`),
``answer_requests`` (:mod:`sim.mechanisms.requests`), ``settle_disputes`` (:mod:`sim.mechanisms.disputes`),
``grow_organisations``, ``close_day`` (:mod:`sim.mechanisms.levels`, :mod:`sim.mechanisms.senses`) and ``collect``
(:mod:`sim.metrics`).
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Any

import mesa
import numpy as np
import pandas as pd
from mesa.discrete_space import Network as NetworkSpace

from agents.institutions import (
    HomeownersCommittee,
    ResidentsCommittee,
    SocialOrganisation,
)
from agents.resident import Resident
from sim.mechanisms import channels as ch
from sim.mechanisms import (
    disputes,
    homeowners,
    learning,
    levels,
    organisations,
    outreach,
    participation,
    requests,
    senses,
)
from sim.mechanisms import workers as staff
from sim.metrics import FINAL_METRICS, measure
from sim.params import CHANNEL_NAMES, INSTITUTIONS, Config, with_values
from sim.rng import RandomStreams
from sim.state import ACTIVE, PASSIVE, ResidentState
from sim.validate import validate
from sim.world import collaboration
from sim.world.institutions import build_institutions
from sim.world.network import Network, build_network
from sim.world.population import draw_population

try:
    __version__ = version("cogov")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0+unknown"


class CommunityModel(mesa.Model):
    """Residents of one community on a neighbour network, with participation channels and outreach.

    Parameters
    ----------
    cfg : Config, optional
        The run's configuration (``sim.load_config`` composes one from a preset); defaults to
        ``Config()``, the urban baseline.
    thresholds : array_like, optional
        Per-resident thresholds for the threshold rule, replacing the drawn ones (e.g. Granovetter's
        0, 1/99, ..., 1).
    initial_active : array_like of int, optional
        Indices of the residents active at step 0, replacing the ``participation.initial_active``
        random ones.
    **values
        Dotted parameter names set on top of ``cfg`` (the names of the YAML, the CLI and the sliders),
        e.g. ``CommunityModel(cfg, **{"channels.mobile_platform.enabled": True, "seed": 3})``.

    Examples
    --------
    >>> import sim
    >>> model = sim.CommunityModel(sim.load_config("urban_baseline", ["community.residents=500"]))
    >>> model.run(30)
    >>> ts = model.timeseries()
    >>> len(ts), 0.0 <= model.summary()["active_share"] <= 1.0
    (31, True)
    """

    def __init__(
        self,
        cfg: Config | None = None,
        *,
        thresholds: np.ndarray | None = None,
        initial_active: np.ndarray | None = None,
        **values: Any,
    ) -> None:
        self.cfg = validate(with_values(cfg if cfg is not None else Config(), values))
        self.streams = RandomStreams(self.cfg.seed)
        super().__init__(rng=self.streams.python_seed("mesa"))
        community, part = self.cfg.community, self.cfg.participation
        n = community.residents
        self.network: Network = build_network(community.network, n, self.streams.get("network"))
        population = draw_population(community, self.streams.get("population"))
        self.channels = ch.build_channels(self.cfg.channels, population)
        self.state = self._initial_state(population, thresholds, initial_active)
        self.degree = self.network.degree
        self.party_index = np.flatnonzero(population.party)
        demonstration = self.cfg.outreach.party_demonstration
        weighted = demonstration != 1.0 and population.party.any()
        self.weight = np.where(population.party, demonstration, 1.0) if weighted else None
        self.free_hours = np.where(population.busy, part.free_hours_busy, part.free_hours_other)
        first = np.r_[True, self.network.household[1:] != self.network.household[:-1]]
        self.household_heads = np.flatnonzero(first)
        self.households = int(self.household_heads.size)
        self.institutions = build_institutions(
            self.cfg.institutions, n, self.households, self.streams.get("institutions")
        )
        self.requests = requests.Requests()
        self.disputes = disputes.Disputes()
        self.senses = senses.Senses.start(n)
        self.initially_engaged = np.flatnonzero(self.state.level != PASSIVE)
        self.belonging_base = senses.belonging_base(self.degree)
        self.visited = np.zeros(self.households, dtype=bool)
        self.committee_left = self.institutions.committee_capacity
        self._create_institution_agents()
        self._residents: list[Resident] | None = None
        self._space: NetworkSpace | None = None
        self._rows: list[dict[str, float]] = []
        self.collect()

    # ------------------------------------------------------------------ initialisation
    def _initial_state(
        self, population: Any, thresholds: np.ndarray | None, initial_active: np.ndarray | None
    ) -> ResidentState:
        p = self.cfg.participation
        n = self.cfg.community.residents
        rng = self.streams.get("init")
        raw = rng.beta(p.awareness_alpha, p.awareness_beta, size=n)
        disposition = np.clip(raw + p.party_awareness * population.party, 0.0, 1.0)
        t = p.initial_trust
        trust = rng.beta(10.0 * t, 10.0 * (1.0 - t), size=(len(INSTITUTIONS), n))
        if thresholds is None:
            threshold = participation.draw_thresholds(p, n, self.streams.get("thresholds"))
        else:
            threshold = np.asarray(thresholds, dtype=np.float64)
            if threshold.shape != (n,):
                raise ValueError(f"thresholds: expected {n} values, got shape {threshold.shape}")
        if initial_active is None:
            seeds = self.streams.get("seeds").choice(n, size=p.initial_active, replace=False)
        else:
            seeds = np.asarray(initial_active, dtype=np.int64)
        window = np.zeros((p.window, n), dtype=np.uint8)
        adopted = np.zeros(n, dtype=bool)
        adopted[seeds] = True
        if p.rule == "logit":  # seeds start with a full record of participation
            for k in range(p.active_min):
                window[(p.window - 1 - k) % p.window, seeds] += 1
        window_count = window.sum(axis=0, dtype=np.int32)
        state = ResidentState(
            population=population,
            awareness=disposition.copy(),
            disposition=disposition,
            trust=trust,
            exposure=np.zeros(n),
            threshold=threshold,
            adopted=adopted,
            window=window,
            window_count=window_count,
            level=np.zeros(n, dtype=np.int8),
            today=np.zeros(n, dtype=np.uint8),
            total=np.zeros(n, dtype=np.int64),
            channel_names=(*CHANNEL_NAMES, organisations.CHANNEL),
            institutions=INSTITUTIONS,
            channel_today=np.zeros(len(CHANNEL_NAMES) + 1, dtype=np.int64),
        )
        self._set_levels(state)
        return state

    def _create_institution_agents(self) -> None:
        for k in range(self.institutions.organisations.count):
            SocialOrganisation(self, k)
        ResidentsCommittee(self)
        HomeownersCommittee(self)

    # ------------------------------------------------------------------ the step
    def step(self) -> None:
        """Simulate one day: the verbs below, in this order."""
        s = self.state
        s.today[:] = 0
        s.channel_today[:] = 0
        self.committee_left = self.institutions.committee_capacity
        self.patrol()
        if self.cfg.participation.rule == "threshold":
            self.spread()
        else:
            self.reach_out()
            signal = self.signal()
            held = self.offer_and_decide(signal)
            homeowners.check_lapse(self, held)
            self.co_convene(held)
            organisations.hold_activities(self, signal)
            homeowners.convene_assembly(self)
            self.forget()
        disputes.settle_disputes(self)
        requests.answer_requests(self)
        organisations.grow_organisations(self)
        self.close_day()
        self.collect()

    def patrol(self) -> None:
        """Grid workers visit households (grid management with proactive service)."""
        w = self.cfg.institutions.workers
        if w.proactive and self.institutions.grid_workers > 0:
            rng = self.streams.get("grid.patrol")
            self.visited = staff.patrol(self.institutions.grid_workers, w.grid_visits, self.households, rng)

    def spread(self) -> None:
        """Threshold rule: adopt when the share of active neighbours reaches the threshold."""
        s = self.state
        signal = participation.social_signal(self.network.adjacency, self.degree, s.adopted, self.weight)
        s.adopted = participation.threshold_update(signal, s.threshold, s.adopted)
        s.today[:] = s.adopted

    def reach_out(self) -> None:
        """Party members contact neighbours and social workers contact residents (exposure to 1)."""
        o, w = self.cfg.outreach, self.cfg.institutions.workers
        s = self.state
        party = outreach.contact_neighbours(
            self.network.adjacency,
            self.party_index,
            o.party_contacts,
            o.passive_first,
            s.level,
            self.streams.get("outreach.party"),
        )
        social = staff.social_outreach(
            self.institutions.social_workers,
            w.social_contacts,
            w.proactive,
            s.level,
            self.streams.get("outreach.social"),
        )
        outreach.expose(s.exposure, np.concatenate([party, social]))
        s.awareness[social] += w.social_awareness_gain * (1.0 - s.awareness[social])

    def signal(self) -> np.ndarray:
        """Today's social signal of every resident (demonstration-weighted active share)."""
        return participation.social_signal(
            self.network.adjacency, self.degree, self.state.active, self.weight
        )

    def decide(
        self,
        who: np.ndarray,
        signal: np.ndarray,
        institution: int,
        time_cost: float,
        rng: np.random.Generator,
    ) -> np.ndarray:
        """Those of ``who`` who take up an opportunity (logit rule)."""
        s, p = self.state, self.cfg.participation
        prob = participation.logit_probability(
            p,
            s.awareness[who],
            signal[who],
            s.exposure[who],
            s.trust[institution, who],
            time_cost / self.free_hours[who],
        )
        return who[rng.random(who.size) < prob]

    def take_part(
        self,
        who: np.ndarray,
        channel: int,
        institution: int,
        quality: float,
        gain: float,
        rng: np.random.Generator,
    ) -> None:
        """Record participations of ``who`` and let them learn from the outcome."""
        s, p = self.state, self.cfg.participation
        good = rng.random(who.size) < quality
        learning.reward(s, who[good], institution, gain, p)
        learning.disappoint(s, who[~good], institution, p)
        senses.lift(self.senses.gain, who[good], self.cfg.services.sense_step / 4)
        s.today[who] += 1
        s.channel_today[channel] += who.size

    def offer_and_decide(self, signal: np.ndarray) -> list[str]:
        """Each channel in session offers opportunities; residents decide, are admitted, learn.

        Returns the names of the channels that held a session today.
        """
        s, p = self.state, self.cfg.participation
        exists = self.institutions.exists()
        held = [c for c in self.channels if c.in_session(s.day) and exists[c.institution]]
        for channel in held:
            rng = self.streams.get(f"channel.{channel.name}")
            cp = channel.params
            who = self.decide(
                ch.offer_opportunities(channel, rng), signal, channel.institution, cp.time_cost, rng
            )
            in_time = ch.within_hours(channel, who, s.population.busy, s.day, rng)
            admitted, turned_away = ch.admit(channel, who[in_time], rng)
            learning.disappoint(s, np.concatenate([turned_away, who[~in_time]]), channel.institution, p)
            self.take_part(admitted, channel.index, channel.institution, cp.quality, cp.awareness_gain, rng)
        return [c.name for c in held]

    def co_convene(self, held: list[str]) -> None:
        """Under party leadership, forums and party councils are convened jointly (collaboration)."""
        if self.cfg.institutions.committee.party_lead:
            joint = sum(name in ("forum", "party_council") for name in held)
            collaboration.record(self.institutions.collaboration, ("party", "committee", "social_org"), joint)

    def forget(self) -> None:
        """Awareness relaxes towards each disposition and outreach exposure decays (logit rule)."""
        learning.relax_awareness(self.state, self.cfg.participation.awareness_decay)
        outreach.decay_exposure(self.state.exposure, self.cfg.outreach.exposure_decay)

    def close_day(self) -> None:
        """Roll the participation window, update levels, let the senses relax."""
        s = self.state
        levels.roll_window(s)
        self._set_levels(s)
        target = senses.belonging_target(self.belonging_base, self.institutions.organisations.org_of, s.level)
        senses.relax(self.senses, target, self.cfg.services.sense_relax)
        s.day += 1

    def _set_levels(self, s: ResidentState) -> None:
        p = self.cfg.participation
        if p.rule == "threshold":
            s.level = np.where(s.adopted, ACTIVE, 0).astype(np.int8)
        else:
            s.level = levels.classify(s.window_count, p.occasional_min, p.active_min)

    def collect(self) -> None:
        """Append today's metrics to the time series."""
        self._rows.append({"step": self.state.day, **measure(self)})

    # ------------------------------------------------------------------ running and results
    def run(self, steps: int | None = None) -> None:
        """Simulate ``steps`` days (default: ``cfg.steps``)."""
        for _ in range(self.cfg.steps if steps is None else steps):
            self.step()

    def timeseries(self) -> pd.DataFrame:
        """One row per step (step 0 is the initial state), one column per metric."""
        return pd.DataFrame(self._rows)

    def summary(self) -> dict[str, Any]:
        """Return the final value of every metric with the run's identity (seed, scenario, steps, version)."""
        return {
            "scenario": self.cfg.scenario,
            "seed": self.cfg.seed,
            "steps": self.state.day,
            "residents": self.cfg.community.residents,
            "version": __version__,
            **self._rows[-1],
            **measure(self, FINAL_METRICS),
        }

    @property
    def residents(self) -> list[Resident]:
        """The residents as Mesa agents (views onto the arrays; built on first use)."""
        if self._residents is None:
            self._residents = [Resident(self, i) for i in range(self.cfg.community.residents)]
        return self._residents

    @property
    def space(self) -> NetworkSpace:
        """Mesa ``Network`` space of the residents (built on first use; costly for big communities)."""
        if self._space is None:
            self._space = NetworkSpace(self.network.to_networkx(), random=self.random, layout=None)
            for agent in self.residents:
                agent.cell = self._space[agent.index]
        return self._space
