"""A seeded simulation of one call-centre day: FIFO queues per skill group, callers who give
up when the wait outlasts their patience, agents with shifts, lunch and breaks.

Abandons therefore rise with queue time and the service level dips at the peaks on their own,
instead of being painted in. Everything is drawn from one ``random.Random(seed)``.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from report_tasks.recipe import SLOT_SECONDS, Agent, Recipe, SkillGroup, slot_label

BREAK_S = 600
LAST_CALL_BEFORE_LOGOUT_S = 120


@dataclass
class RawCall:
    """One row of the 呼叫明细 sheet, before it is written as text."""

    call_id: str
    slot: str
    caller: str
    skill_group: str
    arrival_s: int
    entered_queue: bool
    queue_start_s: int = 0
    agent_id: str = ""
    queue_s: int = 0
    ring_s: int = 0
    talk_s: int = 0
    hold_s: int = 0
    acw_s: int = 0
    answered: bool = False
    end_s: int = 0
    hung_up_by: str = "客户"
    satisfaction: str = ""
    resolved_first: bool = False


@dataclass
class AgentDay:
    """An agent's availability and running totals while the day is simulated."""

    agent: Agent
    login_s: int
    logout_s: int
    unavailable: list[tuple[int, int]]
    free_at: int = 0
    talk_s: int = 0
    hold_s: int = 0
    acw_s: int = 0
    last_busy_end_s: int = 0
    calls: int = field(default=0)

    def earliest_start(self, at_s: int) -> float:
        """The first moment ≥ at_s when this agent can pick up a call, or inf."""
        moment = max(at_s, self.free_at, self.login_s)
        for start, end in self.unavailable:
            if start <= moment < end:
                moment = end
        return moment if moment <= self.logout_s - LAST_CALL_BEFORE_LOGOUT_S else math.inf


@dataclass(frozen=True)
class OutboundCall:
    call_id: str
    agent_id: str
    dial_s: int
    callee: str
    result: str
    talk_s: int
    outcome: str


@dataclass(frozen=True)
class SimulatedDay:
    calls: list[RawCall]
    agents: list[AgentDay]
    absent: list[Agent]
    outbound: list[OutboundCall]


def masked_mobile(rng: random.Random) -> str:
    prefix = rng.choice(("133", "135", "136", "138", "139", "150", "152", "158", "177",
                         "181", "186", "189", "199"))
    return f"{prefix}****{rng.randrange(10000):04d}"


def _agent_day(agent: Agent, position: int, recipe: Recipe) -> AgentDay:
    """Breaks are staggered by the agent's position so a team never leaves all at once;
    lunch stays where the shift puts it, as the scheduled time does not depend on it."""
    shift = recipe.shift(agent.shift)
    login = shift.start_s + agent.late_login_min * 60
    logout = shift.end_s - agent.early_logout_min * 60
    stagger = (position % 3) * 1200
    first_break = shift.start_s + 5400 + stagger
    second_break = shift.lunch_end_s + 5400 + stagger
    unavailable = sorted([
        (first_break, first_break + BREAK_S),
        (shift.lunch_start_s, shift.lunch_end_s),
        (second_break, second_break + BREAK_S + agent.extra_break_min * 60),
    ])
    return AgentDay(agent, login, logout, unavailable, free_at=login)


def _arrivals(recipe: Recipe, rng: random.Random) -> list[int]:
    slots = rng.choices(recipe.slot_starts, weights=recipe.arrival_weights, k=recipe.calls)
    return sorted(start + rng.randrange(SLOT_SECONDS) for start in slots)


def _talk_seconds(group: SkillGroup, weak: bool, rng: random.Random) -> int:
    mean = group.talk_mean_s * (1.35 if weak else 1.0)
    mu = math.log(mean) - group.talk_sigma ** 2 / 2
    return int(min(1800, max(25, rng.lognormvariate(mu, group.talk_sigma))))


def _rating(weak: bool, waited_s: int, rated_share: float, rng: random.Random) -> str:
    if rng.random() > rated_share:
        return "未评价"
    weights = [25, 40, 20, 15] if weak else [48, 38, 10, 4]
    if waited_s > 60:
        weights = [weights[0] - 10, weights[1], weights[2] + 5, weights[3] + 5]
    return rng.choices(("非常满意", "满意", "一般", "不满意"), weights=weights)[0]


def _serve(call: RawCall, day: AgentDay, start_s: int, group: SkillGroup,
           recipe: Recipe, rng: random.Random) -> None:
    weak = day.agent.weak
    call.agent_id = day.agent.agent_id
    call.answered = True
    call.queue_s = start_s - call.queue_start_s
    call.ring_s = rng.randint(7, 16) if weak else rng.randint(3, 9)
    call.talk_s = _talk_seconds(group, weak, rng)
    call.hold_s = rng.randint(10, 120) if rng.random() < (0.4 if weak else 0.22) else 0
    call.acw_s = max(5, int(rng.gauss(58 if weak else 26, 12)))
    call.end_s = start_s + call.ring_s + call.talk_s + call.hold_s
    call.hung_up_by = "坐席" if rng.random() < 0.12 else "客户"
    call.resolved_first = rng.random() < group.fcr - (0.17 if weak else 0.0)
    call.satisfaction = _rating(weak, call.queue_s + call.ring_s, recipe.rated_share, rng)
    day.free_at = call.end_s + call.acw_s
    day.last_busy_end_s = day.free_at
    day.talk_s += call.talk_s
    day.hold_s += call.hold_s
    day.acw_s += call.acw_s
    day.calls += 1


def _route(call: RawCall, days: list[AgentDay], group: SkillGroup,
           recipe: Recipe, rng: random.Random) -> None:
    """FIFO: calls are routed in arrival order to the agent who can start soonest."""
    candidates = [(d.earliest_start(call.queue_start_s), d.free_at, i) for i, d in enumerate(days)]
    start, _, index = min(candidates, default=(math.inf, 0, -1))
    patience = max(2, int(rng.expovariate(1 / recipe.patience_mean_s)))
    if start - call.queue_start_s > patience:
        call.queue_s = patience
        call.end_s = call.queue_start_s + patience
        return
    _serve(call, days[index], int(start), group, recipe, rng)


def _new_call(number: int, arrival: int, recipe: Recipe, rng: random.Random) -> RawCall:
    group = rng.choices(recipe.skill_groups, weights=[g.share for g in recipe.skill_groups])[0]
    slot = slot_label(arrival - (arrival - recipe.open_s) % SLOT_SECONDS)
    call_id = f"{recipe.date:%Y%m%d}{number:05d}"
    if rng.random() < recipe.ivr_share:
        end = arrival + rng.randint(40, 180)
        return RawCall(call_id, slot, masked_mobile(rng), "IVR自助", arrival, False, end_s=end)
    ivr_s = rng.randint(12, 45)
    return RawCall(call_id, slot, masked_mobile(rng), group.name, arrival, True,
                   queue_start_s=arrival + ivr_s)


def _outbound(recipe: Recipe, rng: random.Random) -> list[OutboundCall]:
    plan = recipe.outbound
    dial_times = sorted(rng.randrange(9 * 3600, 19 * 3600 + 1800) for _ in range(plan.calls))
    calls = []
    for number, dial in enumerate(dial_times, start=1):
        connected = rng.random() < plan.connect_rate
        result = "已接通" if connected else rng.choice(("无人接听", "占线", "关机", "拒接"))
        sale = connected and rng.random() < plan.sale_rate
        outcome = "成功办理" if sale else (rng.choice(("明确拒绝", "考虑中")) if connected else "—")
        talk = rng.randint(60, 420) if connected else 0
        calls.append(OutboundCall(f"W{recipe.date:%m%d}{number:04d}", rng.choice(plan.agents),
                                  dial, masked_mobile(rng), result, talk, outcome))
    return calls


def simulate_day(recipe: Recipe) -> SimulatedDay:
    rng = random.Random(recipe.seed)
    working = [a for a in recipe.agents if not a.absent]
    days = {a.agent_id: _agent_day(a, i, recipe) for i, a in enumerate(working)}
    groups = {g.name: g for g in recipe.skill_groups}
    calls = [_new_call(n, t, recipe, rng) for n, t in enumerate(_arrivals(recipe, rng), start=1)]
    for call in sorted((c for c in calls if c.entered_queue), key=lambda c: c.queue_start_s):
        group_days = [d for d in days.values() if d.agent.group == call.skill_group]
        _route(call, group_days, groups[call.skill_group], recipe, rng)
    absent = [a for a in recipe.agents if a.absent]
    return SimulatedDay(calls, list(days.values()), absent, _outbound(recipe, rng))
