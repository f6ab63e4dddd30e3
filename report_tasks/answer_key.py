"""Answer keys computed from the simulated raw data with ``scoring.kpi`` — never typed."""
from __future__ import annotations

from typing import TYPE_CHECKING

from report_tasks.day_records import cached_day_tables
from scoring.kpi import KPI_NAMES, DayRecords, breakdown, compute_kpi

if TYPE_CHECKING:
    from report_tasks.model import ReportTask


def day_key(day: DayRecords, kpis: list[str], breakdowns: dict[str, tuple[str, ...]],
            member_order: dict[str, list[str]]) -> dict[str, float]:
    """Whole-day KPIs by name, then ``{dimension}.{member}.{kpi}`` entries in member order."""
    key = {name: compute_kpi(name, day) for name in kpis if name in KPI_NAMES}
    for dimension, names in breakdowns.items():
        values = breakdown(day, dimension, names)
        for member in member_order.get(dimension) or sorted(values):
            for name in names:
                key[f"{dimension}.{member}.{name}"] = values[member][name]
    return key


def answer_key(task: "ReportTask") -> dict[str, float]:
    """The task's answer key: every KPI it lists, and the breakdowns it asks for.

    Agents come in the order of the agent-state sheet and only when they answered calls;
    skill groups in recipe order; slots in time order.
    """
    tables = cached_day_tables(task.recipe)
    agents = [s.agent_id for s in tables.records.states if s.present]
    answering = {c.agent_id for c in tables.records.calls if c.answered}
    order = {
        "agent": [a for a in agents if a in answering],
        "group": [g.name for g in task.recipe.skill_groups],
    }
    return day_key(tables.records, list(task.kpis), dict(task.breakdowns), order)
