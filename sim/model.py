"""The community co-governance model.

A run first spins the community up for ``burn_in`` days under the baseline interventions
(:func:`sim.params.baseline_of`), then switches the scenario's interventions on at day 0, the
*onset*; only the days from the onset are reported. A step is one day and reads as the list of verbs
in :meth:`CommunityModel.step`. Each verb is a short
function over arrays in :mod:`sim.mechanisms`, called with exactly what it reads and writes and the
day's shared :class:`~sim.mechanisms.context.Today` (date, patrol finds, the residents' committee's
case budget, the joint-handling record), never with the model.

What a run computes follows from its configuration, never from a preset's name: :func:`mechanisms_of`
says which mechanisms move anything in the run, and the model steps and records (through
:func:`sim.metrics.recorded`) only those. Under the threshold rule, the classic cascade model of
Granovetter (1978) and Watts (2002), a day is one synchronous round of adoption, and the participation
window, the senses and the metrics that only channels, services or institutions move are left out
unless the configuration switches those on.
"""

from __future__ import annotations

import dataclasses
import time
from typing import Any

import mesa
import numpy as np
import pandas as pd
from mesa.agentset import AgentSet
from mesa.discrete_space import Network as NetworkSpace

from agents.institutions import HomeownersCommittee, ResidentsCommittee, SocialOrganisation
from agents.resident import Resident
from sim.collector import data_collector, refresh
from sim.institutions import InstitutionState, build_institutions
from sim.measurement import columns, summarise, tabulate
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
    trial,
)
from sim.mechanisms import workers as staff
from sim.mechanisms.context import Budget, Today, whole
from sim.mechanisms.uptake import Uptake
from sim.metrics import (
    CHANNELS,
    DISPUTES,
    EXPERIENCE,
    FINAL_METRICS,
    MECHANISMS,
    METRICS,
    ORGANISATIONS,
    PARTICIPATION,
    REQUESTS,
    WORKERS,
    WindowStart,
    column_kinds,
    measure,
    recorded,
)
from sim.params import (
    ACTIVITY_CHANNELS,
    ACTIVITY_MODES,
    CHANNEL_NAMES,
    INSTITUTIONS,
    Config,
    Rule,
    baseline_of,
    leaves,
    own_channels,
    with_values,
)
from sim.rng import RandomStreams
from sim.state import ACTIVE, PASSIVE, ActWindow, ResidentState
from sim.validate import ConfigError, describe, validate
from sim.version import __version__
from sim.world import collaboration
from sim.world.network import Network, build_network
from sim.world.population import Population, draw_population

CHANNEL_AXIS = (*CHANNEL_NAMES, *ACTIVITY_CHANNELS)
"""Names along the channel axis of the participation counts."""
ORG_ACTIVITY, FOUNDING_ASSEMBLY = (CHANNEL_AXIS.index(name) for name in ACTIVITY_CHANNELS)
SOCIAL_ORG = INSTITUTIONS.index("social_org")


class CommunityModel(mesa.Model):
    """Residents of one community on a neighbour network, with participation channels and outreach.

    Parameters
    ----------
    cfg : Config, optional
        The run's configuration (``sim.load_config`` composes one from a preset); defaults to
        ``Config()``, the urban baseline.
    rng : int, optional
        The run's seed under Mesa's name for it (``CommunityModel(rng=5)`` is
        ``CommunityModel(seed=5)``), so that ``mesa.batch_run`` can seed the model; an integer, since
        every mechanism's random stream is derived from it (:mod:`sim.rng`). ``None`` keeps the
        configuration's seed (runs stay reproducible; Mesa would draw fresh entropy).
    thresholds : array_like, optional
        Per-resident thresholds for the threshold rule, replacing the drawn ones (e.g. Granovetter's
        0, 1/99, ..., 1).
    initial_active : array_like of int, optional
        Indices of the residents active at step 0, replacing the ``participation.initial_active``
        random ones.
    onset : bool, default True
        Start the run at the onset. ``False`` stops after the burn-in: :meth:`start` then starts it,
        at the onset of the model's scenario or of another that shares its burn-in (:mod:`sim.snapshot`).
    **values
        Dotted parameter names set on top of ``cfg`` (the names of the YAML, the CLI and the sliders),
        e.g. ``CommunityModel(cfg, **{"channels.mobile_platform.enabled": True, "seed": 3})``; this is
        how ``mesa.batch_run``'s ``parameters`` reach the model.

    Attributes
    ----------
    cfg : Config
        The run's configuration (the scenario, in force from the onset).
    live : Config
        The configuration in force now: :func:`~sim.params.baseline_of` ``cfg`` during the burn-in and
        after ``cfg.intervention_days`` (when set).
    mechanisms : frozenset of str
        The mechanisms of the run (:func:`mechanisms_of`): what it steps and records.
    started : bool
        Whether the run has reached the onset (``False`` only for a model built with ``onset=False``).
    datacollector : mesa.DataCollector
        Mesa's collector of the time series (:mod:`sim.collector`).

    Raises
    ------
    sim.ConfigError
        For an unknown parameter name, a value out of its range, both ``rng`` and ``seed`` or an
        ``rng`` that is not such a seed, or bad ``thresholds`` or ``initial_active``.

    Examples
    --------
    >>> import sim
    >>> model = sim.CommunityModel(sim.load_config("urban_baseline", ["community.residents=500"]))
    >>> model.run(30)
    >>> ts = model.timeseries()
    >>> len(ts), 0.0 <= model.summary()["active_share"] <= 1.0
    (31, True)
    >>> model.datacollector.get_model_vars_dataframe().equals(ts)
    True
    """

    def __init__(
        self,
        cfg: Config | None = None,
        *,
        rng: int | None = None,
        thresholds: np.ndarray | None = None,
        initial_active: np.ndarray | None = None,
        onset: bool = True,
        **values: Any,
    ) -> None:
        if rng is not None:
            values = {**values, "seed": _seed_of(rng, values)}
        self.cfg = validate(set_values(cfg if cfg is not None else Config(), values))
        self.live = baseline_of(self.cfg) if self.cfg.burn_in else self.cfg
        _check_onset(self.live, self.cfg)
        self.mechanisms = mechanisms_of(self.cfg)
        self._series = recorded(METRICS, self.mechanisms)
        self._finals = recorded(FINAL_METRICS, self.mechanisms)
        self.streams = RandomStreams(self.cfg.seed)
        super().__init__(rng=self.streams.python_seed("mesa"))
        community, part = self.cfg.community, self.cfg.participation
        n = community.residents
        self.network: Network = build_network(community.network, n, self.streams.get("network"))
        self.neighbours = np.maximum(self.network.degree, 1).astype(np.float64)  # what shares divide by
        self.population = draw_population(community, self.streams.get("population"))
        self.rhythm = ch.Rhythm.of(community)
        self.state = self._initial_state(self.population, thresholds, initial_active)
        self.party_index = np.flatnonzero(self.population.party)
        self.free_hours = np.where(self.population.busy, part.free_hours_busy, part.free_hours_other)
        first = np.r_[True, self.network.household[1:] != self.network.household[:-1]]
        self.household_heads = np.flatnonzero(first)
        self.institutions: InstitutionState = build_institutions(
            self.live.institutions, n, self.household_heads.size, self.streams.get("institutions")
        )
        self.requests = requests.Requests.open(self.cfg.channels)
        self.disputes = disputes.Disputes()
        self.senses = senses.Senses.start(n, self.cfg.services.sense_neutral)
        self.belonging_base = senses.belonging_base(self.network.degree, self.cfg.services)
        self.visited = np.zeros(self.household_heads.size, dtype=bool)
        self.trial = trial.Trial.none(n)
        self._arrange()
        self._residents: list[Resident] | None = None
        self._space: NetworkSpace | None = None
        self._rows: list[dict[str, float]] = []
        self._table: pd.DataFrame | None = None
        self.started = False
        tic = time.perf_counter()
        for day in range(self.cfg.burn_in):  # Mesa's clock starts at the onset
            self.simulate_day(day)
        self.burn_in_seconds = time.perf_counter() - tic
        if onset:
            self._onset()

    def start(self, cfg: Config | None = None) -> None:
        """Start a model built with ``onset=False`` at the onset of ``cfg`` (default: its own configuration).

        ``cfg`` may be any scenario that shares the model's burn-in (:func:`burn_in_of` equal): the
        run from here is then bit-identical to a run of ``cfg`` from scratch. :func:`sim.snapshot.fork`
        starts a copy, so that one burn-in serves many scenarios.

        Raises
        ------
        sim.ConfigError
            For an invalid ``cfg``, or one whose burn-in differs from the model's (the first key that
            differs, in one line).
        RuntimeError
            If the model has started already.
        """
        if self.started:
            raise RuntimeError("the model has started already (build it with onset=False to start it)")
        cfg = self.cfg if cfg is None else validate(cfg)
        _check_burn_in(self.cfg, cfg)
        _check_onset(self.live, cfg)
        if not cfg.burn_in:  # without a burn-in the scenario is in force from the start
            self.live = cfg
        self.cfg = cfg
        self.requests.after_hours = ~requests.office_hours(cfg.channels)  # a measurement only
        self._onset()

    def _arrange(self) -> None:
        """Build what the configuration in force (:attr:`live`) sets: channels, weights, staff, desks."""
        live = self.live
        self.channels = ch.build_channels(live.channels, self.population)
        demonstration = live.outreach.party_demonstration
        weighted = demonstration != 1.0 and self.population.party.any()
        self.weight = np.where(self.population.party, demonstration, 1.0) if weighted else None
        households = self.household_heads.size
        self.institutions.staff(live.institutions, self.cfg.community.residents, households)
        self.institutions.organisations.expand(live.institutions.organisations, self.streams.get("onset"))
        self.desk = self._desk(self.household_heads)
        self.settlers = self._settlers(households)

    def _onset(self) -> None:
        """Switch the scenario's interventions on and start measuring (day 0)."""
        self.started = True
        if self.live is not self.cfg:
            self.live = self.cfg
            self._arrange()
        self.state.restart_counts()
        own = own_channels(self.cfg)
        self.state.own[:] = [name in own for name in CHANNEL_AXIS]
        self.spells = levels.Spells.start(self.state.level)
        self.requests.restart_counts()
        self.disputes.restart_counts()
        self.institutions.homeowners.restart_counts()
        self.institutions.restart_counts()
        self.initially_engaged = np.flatnonzero(self.state.level != PASSIVE)
        self.window_start = WindowStart.take(self.state, self.spells, self.requests, self.institutions)
        self._kinds = column_kinds(self, self._series)
        self._collector = data_collector(columns(self._kinds))
        self._collected = 0  # days the collector holds
        for k in range(self.institutions.organisations.count):
            SocialOrganisation(self, self.institutions, k)
        ResidentsCommittee(self, self.institutions)
        HomeownersCommittee(self, self.institutions)
        self.collect()

    # ------------------------------------------------------------------ initialisation
    def _initial_state(
        self, population: Population, thresholds: np.ndarray | None, initial_active: np.ndarray | None
    ) -> ResidentState:
        p = self.cfg.participation
        n = self.cfg.community.residents
        rng = self.streams.get("init")
        raw = rng.beta(p.awareness_alpha, p.awareness_beta, size=n)
        disposition = np.clip(raw + p.party_awareness * population.party, 0.0, 1.0)
        t, c = p.initial_trust, p.trust_concentration
        trust = rng.beta(c * t, c * (1.0 - t), size=(len(INSTITUTIONS), n))
        if thresholds is None:
            threshold = participation.draw_thresholds(p, n, self.streams.get("thresholds"))
        else:
            threshold = _thresholds(thresholds, n)
        if initial_active is None:
            seeds = self.streams.get("seeds").choice(n, size=p.initial_active, replace=False)
        else:
            seeds = _indices(initial_active, n)
        modes = tuple(getattr(self.cfg.channels, name).mode for name in CHANNEL_NAMES)
        state = ResidentState.at_rest(
            population,
            disposition,
            trust,
            channel_names=CHANNEL_AXIS,
            institutions=INSTITUTIONS,
            channel_modes=(*modes, *ACTIVITY_MODES),
            window=p.window,
            governance_window=p.governance_window,
            threshold=threshold,
        )
        state.adopted[seeds] = True
        if p.rule == Rule.LOGIT:  # seeds start with a sustained record: acts on the last days of each half
            _seed_acts(state.acts, seeds, p.active_acts)
            _seed_acts(state.acts_outside_own, seeds, p.active_acts)
        self._set_levels(state)
        return state

    def _desk(self, household_heads: np.ndarray) -> requests.Desk:
        enabled = {c.name: c for c in self.channels}
        grid_cases = self.live.institutions.workers.grid_cases
        return requests.Desk(
            routes=tuple(enabled.get(name) for name in self.requests.answerers[:-1]),
            household_heads=household_heads,
            household_of=self.network.household,
            grid_capacity=self.institutions.grid_workers * grid_cases,
            property_quality=self.live.institutions.committee.property_quality,
            rhythm=self.rhythm,
        )

    def _settlers(self, households: int) -> disputes.Settlers:
        inst = self.institutions
        return disputes.Settlers(
            adjacency=self.network.adjacency,
            household_of=self.network.household,
            building_of=self.network.building,
            buildings=self.network.buildings,
            households=households,
            mediator=inst.mediator,
            organisations=inst.organisations,
            grid_workers=inst.grid_workers,
            social_workers=inst.social_workers,
            services=self.cfg.services,
            workers=self.live.institutions.workers,
            committee=self.live.institutions.committee,
        )

    # ------------------------------------------------------------------ the step
    @property
    def day(self) -> int:
        """Days simulated since the intervention onset (Mesa's ``steps``)."""
        return self.steps

    def step(self) -> None:
        """Simulate the next day since the onset and record its metrics."""
        self.simulate_day(self.cfg.burn_in + self.steps - 1)  # Mesa counts the step before running it
        self.collect()
        if self.day == self.cfg.intervention_days and self.live is self.cfg:
            self.live = baseline_of(self.cfg)  # the interventions stop: the baseline's settings return
            self._arrange()
        if self.day == self.cfg.measure_from:
            self.window_start = WindowStart.take(self.state, self.spells, self.requests, self.institutions)

    def simulate_day(self, day: int) -> None:
        """Simulate calendar day ``day`` (from the start of the burn-in): the verbs below, in this order.

        The threshold rule's day is one round of :meth:`spread`, then the services and institutions
        its :attr:`mechanisms` include (none in the classic cascade model).
        """
        if self.mechanisms == {PARTICIPATION}:  # the classic cascade model: adoption is all that moves
            self.spread()
            self.close_day(day)
            return
        self.state.start_day()
        committee = Budget(whole(self.institutions.committee_capacity, self.streams.get("staffing")))
        today = Today(day, self.patrol(day), committee, self.collaboration)
        if self.cfg.participation.rule == Rule.THRESHOLD:
            self.spread()
        else:
            self.visit(day)
            self.reach_out()
            uptake = self.uptake()
            held = self.offer_and_decide(day, uptake)
            self.co_convene(held)
            self.hold_activities(day, uptake)
            self.convene_assembly(today)
            self.forget()
        self.settle_disputes(today)
        self.answer_requests(today)
        self.grow_organisations()
        self.close_day(day)

    @property
    def collaboration(self) -> np.ndarray:
        """The institutional actors' joint-handling graph (:mod:`sim.world.collaboration`)."""
        return self.institutions.collaboration

    def patrol(self, day: int) -> np.ndarray:
        """Households grid workers visit today (grid management with proactive service)."""
        w = self.live.institutions.workers
        if w.proactive and self.institutions.grid_workers > 0:
            rng = self.streams.get("grid.patrol")
            self.visited = staff.patrol(self.institutions.grid_workers, w.grid_visits, self.visited.size, rng)
        return self.visited

    def spread(self) -> None:
        """Threshold rule: adopt when the share of active neighbours reaches the threshold."""
        s = self.state
        signal = participation.social_signal(self.network.adjacency, self.neighbours, s.adopted, self.weight)
        s.adopted = participation.threshold_update(signal, s.threshold, s.adopted)

    def visit(self, day: int) -> None:
        """The field experiment's visits, on its day (``trial``; :mod:`sim.mechanisms.trial`)."""
        design = self.cfg.trial
        if design.arm == "none" or day - self.cfg.burn_in != design.day:
            return
        outcome = CHANNEL_AXIS.index(design.outcome_channel) if design.outcome_channel != "any" else -1
        self.trial = trial.assign_and_visit(
            design, self.network.household, self.household_heads, self.streams.get("trial"), outcome
        )
        outreach.expose(self.state.exposure, np.flatnonzero(self.trial.contacted))

    def reach_out(self) -> None:
        """Party members contact neighbours and social workers contact residents (exposure to 1)."""
        o, w = self.live.outreach, self.live.institutions.workers
        s = self.state
        party = outreach.contact_neighbours(
            self.network.adjacency,
            self.party_index,
            o.party_contacts,
            o.passive_first_retries if o.passive_first else 0,
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

    def uptake(self) -> Uptake:
        """How residents respond to today's opportunities (with today's social signal)."""
        signal = participation.social_influence(
            self.network.adjacency, self.state.level, self.weight, self.cfg.participation.social_saturation
        )
        sv = self.cfg.services
        return Uptake(
            self.state,
            self.senses.gain,
            self.cfg.participation,
            self.free_hours,
            signal,
            sv.sense_step * sv.participation_gain_share,
        )

    def offer_and_decide(self, day: int, uptake: Uptake) -> list[ch.Channel]:
        """Each channel in session offers opportunities; residents decide, are admitted, learn.

        A session that draws fewer than its channel's ``lapse_turnout`` dissolves the channel's
        (founded) institution. Returns the channels that held a session today.
        """
        s, p = self.state, self.cfg.participation
        exists = self.institutions.exists()
        held = [c for c in self.channels if c.in_session(day) and exists[c.institution]]
        self.institutions.sessions_held[[c.index for c in held if c.opens(day)]] += 1
        for channel in held:
            rng = self.streams.get(f"channel.{channel.name}")
            cp = channel.params
            offered = ch.offer_opportunities(channel, day, rng)
            who = uptake.decide(offered, channel.institution, cp.time_cost, rng, cp.appeal)
            in_time = ch.within_hours(channel, who, s.population.busy, day, self.rhythm, rng)
            admitted, turned_away = ch.admit(channel, who[in_time], day, rng)
            s.channel_turned_away[channel.index] += turned_away.size
            learning.disappoint(s, np.concatenate([turned_away, who[~in_time]]), channel.institution, p)
            uptake.take_part(
                admitted,
                channel.index,
                channel.institution,
                cp.quality,
                cp.awareness_gain,
                cp.engagement,
                rng,
            )
            trial.observe_channel(self.trial, channel.index, admitted)
        for institution in ch.lapsed(held, s.channel_today, day):
            self.institutions.lapse(institution)
        return held

    def co_convene(self, held: list[ch.Channel]) -> None:
        """Under party leadership, co-convened channels' sessions are joint (collaboration)."""
        if self.live.institutions.committee.party_lead:
            joint = sum(c.params.co_convened for c in held)
            collaboration.record(self.collaboration, ("party", "committee", "social_org"), joint)

    def hold_activities(self, day: int, uptake: Uptake) -> None:
        """Social organisations in session hold their activities."""
        organisations.hold_activities(
            self.institutions.organisations,
            self.live.institutions.organisations,
            day,
            uptake,
            ORG_ACTIVITY,
            SOCIAL_ORG,
            self.streams.get("organisations.activity"),
        )

    def convene_assembly(self, today: Today) -> None:
        """Owners attempt to found a homeowners' committee on the assembly calendar."""
        homeowners.convene_assembly(
            self.institutions.homeowners,
            self.live.institutions.committee,
            self.state,
            self.cfg.participation.b_aware,
            today,
            FOUNDING_ASSEMBLY,
            self.streams.get("homeowners"),
        )

    def forget(self) -> None:
        """Awareness relaxes towards each disposition and outreach exposure decays (logit rule)."""
        learning.relax_awareness(self.state, self.cfg.participation.awareness_decay)
        learning.relax_trust(self.state, self.cfg.participation.trust_relax)
        outreach.decay_exposure(self.state.exposure, self.live.outreach.exposure_decay)

    def settle_disputes(self, today: Today) -> None:
        """Disputes arise and grow; the ladder of settlers tries each (first call on the committee budget)."""
        disputes.settle_disputes(
            self.disputes,
            self.settlers,
            today,
            self.state,
            self.senses.security,
            self.cfg.participation,
            self.streams.get("disputes"),
        )

    def answer_requests(self, today: Today) -> None:
        """Households raise needs; grid workers and channels answer (the committee budget's remainder)."""
        requests.answer_requests(
            self.requests,
            self.desk,
            today,
            self.state,
            self.senses.gain,
            self.cfg.services,
            self.cfg.participation,
            self.streams.get("requests"),
        )

    def grow_organisations(self) -> None:
        """Organisations recruit through members' ties, lose members, are cultivated, train mediators."""
        organisations.grow(
            self.institutions.organisations,
            self.institutions.mediator,
            self.network.adjacency,
            self.live.institutions.organisations,
            self.streams.get("organisations.growth"),
        )

    def close_day(self, day: int) -> None:
        """Count the field experiment's outcome, roll the participation window, update levels and senses.

        The window only holds the channels' engagement points, and the senses only move by what
        residents experience (:data:`~sim.metrics.EXPERIENCE`): without those mechanisms nothing
        reads either, so neither is rolled nor relaxed.
        """
        s = self.state
        if not self.trial.done:  # a field experiment's outcome window (one flag a day otherwise)
            trial.observe(self.trial, s.acts_today)
            self.trial.done = day - self.cfg.burn_in >= self.cfg.trial.day + self.cfg.trial.outcome_days - 1
        if CHANNELS in self.mechanisms:
            levels.roll_window(s, day)
        self._set_levels(s)
        if CHANNELS in self.mechanisms and day >= self.cfg.burn_in:
            self.spells.update(s.level)
        if self.mechanisms.isdisjoint(EXPERIENCE):
            return
        sv = self.cfg.services
        target = senses.belonging_target(
            self.belonging_base, self.institutions.organisations.org_of, s.level, sv
        )
        senses.relax(self.senses, target, sv)

    def _set_levels(self, s: ResidentState) -> None:
        p = self.cfg.participation
        if p.rule == Rule.THRESHOLD:  # in place: adopters active, the others passive
            np.multiply(s.adopted, np.int8(ACTIVE), out=s.level)
        else:
            s.level = levels.classify(s.window_count, s.acts, p.occasional_min, p.active_acts)

    def collect(self) -> None:
        """Append today's metrics to the time series."""
        self._rows.append({"step": self.day, **measure(self, self._series)})

    @property
    def datacollector(self) -> mesa.DataCollector:
        """Mesa's collector of the time series, holding the days recorded so far (:mod:`sim.collector`)."""
        if self._collected != len(self._rows):
            refresh(self._collector, self.timeseries())
            self._collected = len(self._rows)
        return self._collector

    # ------------------------------------------------------------------ running and results
    def run(self, steps: int | None = None) -> None:
        """Simulate ``steps`` days (default: ``cfg.steps``)."""
        for _ in range(self.cfg.steps if steps is None else steps):
            self.step()

    def timeseries(self) -> pd.DataFrame:
        """One row per day from the onset (step 0), one column per metric (:mod:`sim.measurement`)."""
        if self._table is None or len(self._table) != len(self._rows):  # tabulated once per day recorded
            self._table = tabulate(self._rows, self._kinds, self.cfg.participation.window)
        return self._table.copy()

    def summary(self) -> dict[str, Any]:
        """The run's identity and every metric over the measurement window (:mod:`sim.measurement`)."""
        return {
            "scenario": self.cfg.scenario,
            "seed": self.cfg.seed,
            "steps": self.day,
            "residents": self.cfg.community.residents,
            "version": __version__,
            **summarise(self.timeseries(), self._kinds, self.cfg.measure_from),
            **measure(self, self._finals),
        }

    @property
    def residents(self) -> list[Resident]:
        """The residents as Mesa agents (views onto the arrays; built on first use)."""
        if self._residents is None:
            n = self.cfg.community.residents
            self._residents = [Resident(self, self.state, self.institutions, i) for i in range(n)]
        return self._residents

    @property
    def agents(self) -> AgentSet:
        """Every agent of the model, as Mesa's ``AgentSet`` (the residents built on first use)."""
        self.residents  # noqa: B018 - registers the residents with Mesa
        return super().agents

    @property
    def agents_by_type(self) -> dict[type[mesa.Agent], AgentSet]:
        """Mesa's agent sets by class: ``Resident``, ``SocialOrganisation`` and the two committees."""
        self.residents  # noqa: B018 - registers the residents with Mesa
        return super().agents_by_type

    @property
    def agent_types(self) -> list[type]:
        """The classes of the model's agents (the residents built on first use)."""
        self.residents  # noqa: B018 - registers the residents with Mesa
        return super().agent_types

    @property
    def space(self) -> NetworkSpace:
        """Mesa ``Network`` space of the residents (built on first use; costly for big communities)."""
        if self._space is None:
            self._space = NetworkSpace(self.network.to_networkx(), random=self.random, layout=None)
            for agent in self.residents:
                agent.cell = self._space[agent.index]
        return self._space


def mechanisms_of(cfg: Config) -> frozenset[str]:
    """The mechanisms (:data:`sim.metrics.MECHANISMS`) of a run of ``cfg``: what it steps and records.

    Every run has the participation levels. The logit rule's channels touch everything (outcomes of
    taking part move the senses and trust, organisations hold activities, owners hold assemblies),
    so a logit run has every mechanism and records every metric: one schema for every logit run,
    whatever its settings. The threshold rule is the classic cascade model (Granovetter 1978; Watts
    2002), which has no channels: its run has requests, disputes, organisations and paid workers only
    when its configuration, or the burn-in's baseline of it, has them (``services.need_rate``,
    ``services.dispute_rate``, ``institutions.organisations.per_1000``, ``institutions.workers``).

    Examples
    --------
    >>> from sim.params import with_values
    >>> sorted(mechanisms_of(with_values(Config(), {"participation.rule": "threshold", "burn_in": 0,
    ...     "services.dispute_rate": 0.0, "institutions.organisations.per_1000": 0.0})))
    ['participation', 'requests', 'workers']
    >>> mechanisms_of(Config()) == frozenset(MECHANISMS)
    True
    """
    if cfg.participation.rule == Rule.LOGIT:
        return frozenset(MECHANISMS)
    configs = (cfg, baseline_of(cfg)) if cfg.burn_in else (cfg,)
    workers = [c.institutions.workers for c in configs]
    has = {
        REQUESTS: any(c.services.need_rate > 0 for c in configs),
        DISPUTES: any(c.services.dispute_rate > 0 for c in configs),
        ORGANISATIONS: any(c.institutions.organisations.per_1000 > 0 for c in configs),
        WORKERS: any(w.grid or w.social_per_1000_households > 0 for w in workers),
    }
    return frozenset({PARTICIPATION, *(name for name, on in has.items() if on)})


ONSET_FIELDS = ("scenario", "steps", "intervention_days", "own_channels", "measure_from", "trial")
"""The top-level settings and groups that nothing reads before the onset."""


def burn_in_of(cfg: Config) -> Config:
    """What the burn-in of a run of ``cfg`` depends on, as a configuration: equal for scenarios that share it.

    That is the configuration in force from the start (:func:`~sim.params.baseline_of` ``cfg``, or
    ``cfg`` itself without a burn-in) with the :data:`ONSET_FIELDS` at their defaults, keeping
    ``cfg``'s channel modes (which set what residents' acts earn from the start). Scenarios of the
    same seed, ``burn_in``, ``community``, ``participation``, ``services``, ``ledger`` and channel
    modes share it when they have a burn-in (without one, they must share their levers too). It
    fixes :func:`mechanisms_of` ``cfg``: the baseline's organisations and social workers take part
    in every burn-in.

    Examples
    --------
    >>> forum = with_values(Config(), {"channels.forum.enabled": True, "scenario": "forum", "steps": 9})
    >>> burn_in_of(forum) == burn_in_of(Config())
    True
    >>> burn_in_of(with_values(forum, {"burn_in": 0})) == burn_in_of(with_values(Config(), {"burn_in": 0}))
    False
    """
    start = baseline_of(cfg) if cfg.burn_in else cfg
    modes = {f"channels.{name}.mode": getattr(cfg.channels, name).mode for name in CHANNEL_NAMES}
    defaults = Config()
    onset = {name: getattr(defaults, name) for name in ONSET_FIELDS}
    return with_values(dataclasses.replace(start, **onset), modes)


def _check_burn_in(burnt: Config, cfg: Config) -> None:
    """``cfg`` shares the burn-in of ``burnt``, or the first key that differs is a :class:`ConfigError`."""
    ours, theirs = burn_in_of(burnt), burn_in_of(cfg)
    shared = "the value of the burn-in it starts from (a fork shares its seed, burn_in, community, "
    shared += "participation, services, ledger and channel modes, and its levers when burn_in is 0)"
    for mine, other in zip(leaves(ours), leaves(theirs), strict=True):
        if mine.value != other.value:
            raise ConfigError(mine.key, other.value, f"{mine.value!r}, {shared}")


def _seed_acts(acts: ActWindow, seeds: np.ndarray, count: int) -> None:
    """Give ``seeds`` a sustained record of ``count`` acts before day 0, lasting as long as possible.

    One act on the last day of the window's older half, the others on the last days before day 0 (ring
    slot ``k`` holds day ``k - window``), so the record stays sustained for half a window.
    """
    size = acts.days.shape[0]
    older = size - size // 2
    acts.days[older - 1, seeds] += 1
    for k in range(count - 1):
        acts.days[size - 1 - k % (size // 2), seeds] += 1
    acts.older[:] = acts.days[:older].sum(axis=0, dtype=np.int32)
    acts.recent[:] = acts.days[older:].sum(axis=0, dtype=np.int32)


def _check_onset(before: Config, after: Config) -> None:
    """The request routes cannot change at the onset (the answered counts are kept by route)."""
    if requests.route_names(before.channels) != requests.route_names(after.channels):
        names = ", ".join(requests.route_names(Config().channels))
        raise ConfigError("channels.<channel>.request_route", "changed", f"the baseline routes ({names})")


def _seed_of(rng: Any, values: dict[str, Any]) -> int:
    """Mesa's ``rng`` as the run's seed: an integer that ``seed`` accepts, given instead of ``seed``."""
    if "seed" in values:
        raise ConfigError("rng", rng, "either rng or seed, not both (rng is Mesa's name for the seed)")
    seed = rng.item() if isinstance(rng, np.integer) else rng
    try:
        return validate(Config(seed=seed)).seed
    except ConfigError:
        shown = seed if isinstance(seed, int | float) else type(rng).__name__  # one line, no address
        allowed = f"{describe('seed')}, the seed of the run's random streams (not a numpy Generator)"
        raise ConfigError("rng", shown, allowed) from None


def set_values(cfg: Config, values: dict[str, Any]) -> Config:
    """``cfg`` with the dotted ``values`` set; an unknown name is a :class:`ConfigError`."""
    try:
        return with_values(cfg, values)
    except KeyError as err:
        key = str(err.args[0])
        raise ConfigError(key, None, describe(key), unknown=True) from None


def _thresholds(values: Any, n: int) -> np.ndarray:
    """Per-resident thresholds given to the model: ``n`` numbers, none NaN."""
    threshold = np.asarray(values, dtype=np.float64)
    if threshold.shape != (n,) or np.isnan(threshold).any():
        raise ConfigError("thresholds", f"array of shape {threshold.shape}", f"{n} numbers, none NaN")
    return threshold


def _indices(values: Any, n: int) -> np.ndarray:
    """Resident indices given to the model: integers in 0 .. n-1."""
    index = np.asarray(values)
    if index.ndim != 1 or (
        index.size and (index.dtype.kind not in "iu" or index.min() < 0 or index.max() >= n)
    ):
        raise ConfigError(
            "initial_active", f"array {index.tolist()[:5]}", f"distinct resident indices 0 to {n - 1}"
        )
    return index.astype(np.int64)
