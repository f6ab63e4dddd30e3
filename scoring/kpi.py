"""Call-centre KPI formulas over plain records (DESIGN.md §5).

The industry has several variants of most KPIs, so each function states its numerator,
denominator and what it leaves out. Functions return unrounded floats: rounding belongs to
the task statement, and the validators compare at the precision a task asks for. An empty
denominator yields 0.0 where a spreadsheet would show #DIV/0!; recipes avoid that case.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Hashable, Iterable, Mapping, Sequence, TypeVar

#: Ratings that count as satisfied; 未评价 (not rated) is not a rating at all.
SATISFIED = ("非常满意", "满意")
RATINGS = ("非常满意", "满意", "一般", "不满意")
#: The 80/20 service-level target: answered within 20 seconds of queue plus ring.
SERVICE_LEVEL_SECONDS = 20


@dataclass(frozen=True)
class CallRecord:
    """One inbound call as the KPI formulas see it (the raw sheet has more columns)."""

    call_id: str
    slot: str
    skill_group: str
    agent_id: str
    entered_queue: bool
    queue_s: int
    ring_s: int
    talk_s: int
    hold_s: int
    acw_s: int
    answered: bool
    satisfaction: str = ""
    resolved_first: bool = False


@dataclass(frozen=True)
class AgentStateRecord:
    """One agent's day from the ACD state report, in seconds."""

    agent_id: str
    skill_group: str
    scheduled_s: int
    present: bool
    logged_in_s: int
    ready_s: int
    talk_s: int
    hold_s: int
    acw_s: int
    adherence_s: int


@dataclass(frozen=True)
class OutboundRecord:
    """One outbound dial attempt."""

    call_id: str
    agent_id: str
    connected: bool
    sale: bool


def ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


def _answered(calls: Iterable[CallRecord]) -> list[CallRecord]:
    return [call for call in calls if call.answered]


def offered(calls: Iterable[CallRecord]) -> int:
    """呼入量: calls that entered the agent queue; IVR-only calls are not offered."""
    return sum(1 for call in calls if call.entered_queue)


def answered(calls: Iterable[CallRecord]) -> int:
    """接通量: offered calls an agent answered."""
    return len(_answered(calls))


def abandoned(calls: Iterable[CallRecord]) -> int:
    """放弃量: offered − answered (short abandons are not removed)."""
    calls = list(calls)
    return offered(calls) - answered(calls)


def answer_rate(calls: Iterable[CallRecord]) -> float:
    """接通率 = answered ÷ offered."""
    calls = list(calls)
    return ratio(answered(calls), offered(calls))


def abandon_rate(calls: Iterable[CallRecord]) -> float:
    """放弃率 (呼损率) = (offered − answered) ÷ offered."""
    calls = list(calls)
    return ratio(abandoned(calls), offered(calls))


def answered_within(calls: Iterable[CallRecord], seconds: int = SERVICE_LEVEL_SECONDS) -> int:
    """Answered calls whose queue + ring time is at most ``seconds``."""
    return sum(1 for call in _answered(calls) if call.queue_s + call.ring_s <= seconds)


def service_level(calls: Iterable[CallRecord], seconds: int = SERVICE_LEVEL_SECONDS) -> float:
    """服务水平 = answered with queue + ring ≤ 20 s ÷ offered (abandons stay in the denominator)."""
    calls = list(calls)
    return ratio(answered_within(calls, seconds), offered(calls))


def asa(calls: Iterable[CallRecord]) -> float:
    """平均应答速度 ASA = Σ(queue + ring) of answered calls ÷ answered, in seconds."""
    done = _answered(calls)
    return ratio(sum(call.queue_s + call.ring_s for call in done), len(done))


def att(calls: Iterable[CallRecord]) -> float:
    """平均通话时长 ATT = Σ talk ÷ answered, in seconds (hold not included)."""
    done = _answered(calls)
    return ratio(sum(call.talk_s for call in done), len(done))


def average_hold(calls: Iterable[CallRecord]) -> float:
    """平均保持时长 = Σ hold ÷ answered, in seconds."""
    done = _answered(calls)
    return ratio(sum(call.hold_s for call in done), len(done))


def average_acw(calls: Iterable[CallRecord]) -> float:
    """平均事后处理时长 ACW = Σ after-call work ÷ answered, in seconds."""
    done = _answered(calls)
    return ratio(sum(call.acw_s for call in done), len(done))


def aht(calls: Iterable[CallRecord]) -> float:
    """平均处理时长 AHT = (Σ talk + Σ hold + Σ ACW) ÷ answered, in seconds."""
    done = _answered(calls)
    return ratio(sum(call.talk_s + call.hold_s + call.acw_s for call in done), len(done))


def fcr(calls: Iterable[CallRecord]) -> float:
    """一次解决率 FCR = answered calls resolved at first contact ÷ answered."""
    done = _answered(calls)
    return ratio(sum(1 for call in done if call.resolved_first), len(done))


def rated(calls: Iterable[CallRecord]) -> int:
    """Answered calls that carry a rating (未评价 and blanks excluded)."""
    return sum(1 for call in _answered(calls) if call.satisfaction in RATINGS)


def satisfaction(calls: Iterable[CallRecord]) -> float:
    """客户满意度 = (非常满意 + 满意) ÷ rated calls; unrated calls are left out."""
    calls = list(calls)
    happy = sum(1 for call in _answered(calls) if call.satisfaction in SATISFIED)
    return ratio(happy, rated(calls))


def rating_rate(calls: Iterable[CallRecord]) -> float:
    """参评率 = rated ÷ answered."""
    calls = list(calls)
    return ratio(rated(calls), answered(calls))


def _busy_s(state: AgentStateRecord) -> int:
    return state.talk_s + state.hold_s + state.acw_s


def occupancy(states: Iterable[AgentStateRecord]) -> float:
    """坐席占用率 = (talk + hold + ACW) ÷ (talk + hold + ACW + ready), summed over agents."""
    states = list(states)
    busy = sum(_busy_s(state) for state in states)
    return ratio(busy, busy + sum(state.ready_s for state in states))


def utilisation(states: Iterable[AgentStateRecord]) -> float:
    """工时利用率 = (talk + hold + ACW) ÷ logged-in time, summed over agents."""
    states = list(states)
    return ratio(sum(_busy_s(s) for s in states), sum(s.logged_in_s for s in states))


def attendance(states: Iterable[AgentStateRecord]) -> float:
    """出勤率 = agents present ÷ agents scheduled (agents with scheduled time > 0)."""
    scheduled = [state for state in states if state.scheduled_s > 0]
    return ratio(sum(1 for state in scheduled if state.present), len(scheduled))


def adherence(states: Iterable[AgentStateRecord]) -> float:
    """排班遵守率 = time in adherence ÷ scheduled time, summed over all scheduled agents
    (an absent agent contributes scheduled time and no adherence)."""
    states = list(states)
    return ratio(sum(s.adherence_s for s in states), sum(s.scheduled_s for s in states))


def outbound_connect_rate(records: Iterable[OutboundRecord]) -> float:
    """外呼接通率 = connected ÷ dialled."""
    records = list(records)
    return ratio(sum(1 for r in records if r.connected), len(records))


def outbound_sales_rate(records: Iterable[OutboundRecord]) -> float:
    """外呼成功率 = sales ÷ connected."""
    connected = [r for r in records if r.connected]
    return ratio(sum(1 for r in connected if r.sale), len(connected))


@dataclass(frozen=True)
class DayRecords:
    """Everything one day's raw workbook holds, as the KPI formulas see it."""

    calls: Sequence[CallRecord]
    states: Sequence[AgentStateRecord]
    outbound: Sequence[OutboundRecord]


CallKpi = Callable[[Sequence[CallRecord]], float]
StateKpi = Callable[[Sequence[AgentStateRecord]], float]
OutboundKpi = Callable[[Sequence[OutboundRecord]], float]

CALL_KPIS: Mapping[str, CallKpi] = {
    "offered": offered, "answered": answered, "abandoned": abandoned,
    "answered_20s": answered_within, "answer_rate": answer_rate,
    "abandon_rate": abandon_rate, "service_level": service_level, "asa": asa, "att": att,
    "average_hold": average_hold, "average_acw": average_acw, "aht": aht, "fcr": fcr,
    "rated": rated, "satisfaction": satisfaction, "rating_rate": rating_rate,
}
STATE_KPIS: Mapping[str, StateKpi] = {
    "occupancy": occupancy, "utilisation": utilisation,
    "attendance": attendance, "adherence": adherence,
}
OUTBOUND_KPIS: Mapping[str, OutboundKpi] = {
    "outbound_connect_rate": outbound_connect_rate,
    "outbound_sales_rate": outbound_sales_rate,
}
KPI_NAMES = (*CALL_KPIS, *STATE_KPIS, *OUTBOUND_KPIS)


def compute_kpi(name: str, day: DayRecords) -> float:
    """One KPI of the whole day by name (see ``KPI_NAMES``)."""
    if name in CALL_KPIS:
        return float(CALL_KPIS[name](day.calls))
    if name in STATE_KPIS:
        return float(STATE_KPIS[name](day.states))
    if name in OUTBOUND_KPIS:
        return float(OUTBOUND_KPIS[name](day.outbound))
    raise KeyError(f"unknown KPI {name!r}")


Record = TypeVar("Record")


def group_records(records: Iterable[Record],
                  key: Callable[[Record], Hashable]) -> dict[Hashable, list[Record]]:
    """Records grouped by ``key`` in first-seen order, for per-slot/agent/group breakdowns."""
    groups: dict[Hashable, list[Record]] = defaultdict(list)
    for record in records:
        groups[key(record)].append(record)
    return dict(groups)


def breakdown(day: DayRecords, dimension: str, names: Sequence[str]) -> dict[str, dict[str, float]]:
    """KPIs per slot, agent or skill group: ``{member: {kpi: value}}``.

    Per agent, call KPIs use the calls that agent answered plus none of the abandons (an
    abandoned call has no agent), and state KPIs use that agent's own state row.
    """
    field = {"slot": "slot", "agent": "agent_id", "group": "skill_group"}[dimension]
    calls = [c for c in day.calls if c.entered_queue and getattr(c, field)]
    by_member = group_records(calls, lambda c: getattr(c, field))
    states = {s.agent_id: s for s in day.states}
    result: dict[str, dict[str, float]] = {}
    for member, member_calls in by_member.items():
        member_day = DayRecords(member_calls, _member_states(dimension, member, states, day),
                                [r for r in day.outbound if r.agent_id == member])
        result[str(member)] = {name: compute_kpi(name, member_day) for name in names}
    return result


def _member_states(dimension: str, member: Hashable, states: Mapping[str, AgentStateRecord],
                   day: DayRecords) -> list[AgentStateRecord]:
    if dimension == "agent":
        return [states[member]] if member in states else []
    if dimension == "group":
        return [s for s in day.states if s.skill_group == member]
    return []
