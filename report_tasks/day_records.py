"""The simulated day as sheet rows (what contestants see) and as KPI records (what the
answer key is computed from). Both come from the same rows, so they cannot disagree."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from report_tasks.recipe import Recipe, seconds_to_clock
from report_tasks.simulation import BREAK_S, AgentDay, RawCall, SimulatedDay, simulate_day
from scoring.kpi import AgentStateRecord, CallRecord, DayRecords, OutboundRecord

CALL_HEADERS = (
    "通话编号", "日期", "时段", "呼叫方向", "主叫号码", "技能组", "坐席工号", "来电时间",
    "进队时间", "振铃时间", "应答时间", "挂机时间", "排队时长(秒)", "振铃时长(秒)",
    "通话时长(秒)", "保持时长(秒)", "话后处理时长(秒)", "是否接通", "挂机方", "满意度", "首次解决",
)
STATE_HEADERS = (
    "坐席工号", "姓名", "技能组", "班次", "排班时长(秒)", "是否出勤", "登录时长(秒)",
    "示闲时长(秒)", "通话时长(秒)", "保持时长(秒)", "话后处理时长(秒)", "小休时长(秒)",
    "遵守排班时长(秒)",
)
OUTBOUND_HEADERS = (
    "外呼编号", "日期", "坐席工号", "拨打时间", "被叫号码", "呼叫结果", "通话时长(秒)", "营销结果",
)
YES, NO = "是", "否"


@dataclass(frozen=True)
class DayTables:
    """Sheet rows (without headers) plus the same day as KPI records."""

    call_rows: list[tuple[Any, ...]]
    state_rows: list[tuple[Any, ...]]
    outbound_rows: list[tuple[Any, ...]]
    records: DayRecords


def _yes_no(flag: bool) -> str:
    return YES if flag else NO


def call_row(call: RawCall, date: str) -> tuple[Any, ...]:
    """A 呼叫明细 row; cells that do not apply stay empty (None), as ACD exports leave them."""
    queued = call.entered_queue
    ring_at = call.queue_start_s + call.queue_s if call.answered else None
    answer_at = ring_at + call.ring_s if ring_at is not None else None
    answered_only = (lambda value: value if call.answered else None)
    return (
        call.call_id, date, call.slot, "呼入", call.caller, call.skill_group,
        call.agent_id or None, seconds_to_clock(call.arrival_s),
        seconds_to_clock(call.queue_start_s) if queued else None,
        seconds_to_clock(ring_at) if ring_at is not None else None,
        seconds_to_clock(answer_at) if answer_at is not None else None,
        seconds_to_clock(call.end_s),
        call.queue_s if queued else None, answered_only(call.ring_s),
        answered_only(call.talk_s), answered_only(call.hold_s), answered_only(call.acw_s),
        _yes_no(call.answered) if queued else None, call.hung_up_by,
        call.satisfaction or None, answered_only(_yes_no(call.resolved_first)),
    )


def call_record(call: RawCall) -> CallRecord:
    return CallRecord(
        call_id=call.call_id, slot=call.slot,
        skill_group=call.skill_group if call.entered_queue else "",
        agent_id=call.agent_id, entered_queue=call.entered_queue, queue_s=call.queue_s,
        ring_s=call.ring_s, talk_s=call.talk_s, hold_s=call.hold_s, acw_s=call.acw_s,
        answered=call.answered, satisfaction=call.satisfaction,
        resolved_first=call.resolved_first)


def agent_state(day: AgentDay, recipe: Recipe) -> AgentStateRecord:
    agent = day.agent
    shift = recipe.shift(agent.shift)
    lunch_s = shift.lunch_end_s - shift.lunch_start_s
    logged_in = max(day.logout_s, day.last_busy_end_s) - day.login_s - lunch_s
    aux = 2 * BREAK_S + agent.extra_break_min * 60
    busy = day.talk_s + day.hold_s + day.acw_s
    lost = (agent.late_login_min + agent.early_logout_min + agent.extra_break_min) * 60
    return AgentStateRecord(
        agent_id=agent.agent_id, skill_group=agent.group, scheduled_s=shift.scheduled_s,
        present=True, logged_in_s=logged_in, ready_s=logged_in - busy - aux,
        talk_s=day.talk_s, hold_s=day.hold_s, acw_s=day.acw_s,
        adherence_s=max(0, shift.scheduled_s - lost))


def _state_row(state: AgentStateRecord, name: str, shift: str) -> tuple[Any, ...]:
    aux = state.logged_in_s - state.ready_s - state.talk_s - state.hold_s - state.acw_s
    return (state.agent_id, name, state.skill_group, shift, state.scheduled_s,
            _yes_no(state.present), state.logged_in_s, state.ready_s, state.talk_s,
            state.hold_s, state.acw_s, aux, state.adherence_s)


def _states(day: SimulatedDay, recipe: Recipe) -> list[tuple[AgentStateRecord, str, str]]:
    rows = [(agent_state(d, recipe), d.agent.name, d.agent.shift) for d in day.agents]
    for agent in day.absent:
        scheduled = recipe.shift(agent.shift).scheduled_s
        absent = AgentStateRecord(agent.agent_id, agent.group, scheduled, False, 0, 0, 0, 0, 0, 0)
        rows.append((absent, agent.name, agent.shift))
    order = {agent.agent_id: i for i, agent in enumerate(recipe.agents)}
    return sorted(rows, key=lambda row: order[row[0].agent_id])


def day_tables(recipe: Recipe) -> DayTables:
    day = simulate_day(recipe)
    date = recipe.date.isoformat()
    states = _states(day, recipe)
    outbound_rows = [(o.call_id, date, o.agent_id, seconds_to_clock(o.dial_s), o.callee,
                      o.result, o.talk_s, o.outcome) for o in day.outbound]
    records = DayRecords(
        calls=[call_record(call) for call in day.calls],
        states=[state for state, _, _ in states],
        outbound=[OutboundRecord(o.call_id, o.agent_id, o.result == "已接通",
                                 o.outcome == "成功办理") for o in day.outbound])
    return DayTables(
        call_rows=[call_row(call, date) for call in day.calls],
        state_rows=[_state_row(state, name, shift) for state, name, shift in states],
        outbound_rows=outbound_rows, records=records)


@lru_cache(maxsize=16)
def cached_day_tables(recipe: Recipe) -> DayTables:
    """Simulating a day costs tens of milliseconds; validators ask for the same day often."""
    return day_tables(recipe)
