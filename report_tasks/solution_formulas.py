"""Excel formulas a strong contestant would write for each KPI, over the raw-data sheets.

Used by the reference solution; they also prove the statement's definitions can be met
with ordinary COUNTIFS/SUMIFS/SUMPRODUCT formulas.
"""
from __future__ import annotations

from dataclasses import dataclass

from report_tasks.raw_workbook import CALL_SHEET, OUTBOUND_SHEET, STATE_SHEET

#: Raw-sheet columns, matching CALL_HEADERS / STATE_HEADERS / OUTBOUND_HEADERS.
CALL = {"slot": "C", "group": "F", "agent": "G", "queued_at": "I", "queue": "M", "ring": "N",
        "talk": "O", "hold": "P", "acw": "Q", "answered": "R", "rating": "T", "fcr": "U"}
STATE = {"agent": "A", "group": "C", "scheduled": "E", "present": "F", "logged_in": "G",
         "ready": "H", "talk": "I", "hold": "J", "acw": "K", "adherence": "M"}
OUTBOUND = {"id": "A", "agent": "C", "result": "F", "outcome": "H"}
RATINGS = ("非常满意", "满意", "一般", "不满意")
YES, NO, NOT_EMPTY, POSITIVE = '"是"', '"否"', '"<>"', '">0"'


@dataclass(frozen=True)
class RawExtent:
    """Last data row of each raw sheet (headers are in row 1)."""

    calls: int
    states: int
    outbound: int


@dataclass(frozen=True)
class Scope:
    """Which rows a formula covers: the whole day, or one slot/agent/group whose label sits
    in ``label_cell`` of the contestant's table."""

    extent: RawExtent
    dimension: str | None = None
    label_cell: str | None = None

    def col(self, sheet: str, column: str) -> str:
        last = {CALL_SHEET: self.extent.calls, STATE_SHEET: self.extent.states,
                OUTBOUND_SHEET: self.extent.outbound}[sheet]
        return f"{sheet}!${column}$2:${column}${last}"

    def call(self, name: str) -> str:
        return self.col(CALL_SHEET, CALL[name])

    def state(self, name: str) -> str:
        return self.col(STATE_SHEET, STATE[name])

    def call_criteria(self) -> list[str]:
        if self.dimension is None:
            return []
        return [self.call(self.dimension), self.label_cell or ""]

    def state_criteria(self) -> list[str]:
        if self.dimension not in ("agent", "group"):
            return []
        return [self.state(self.dimension), self.label_cell or ""]


def _countifs(pairs: list[str]) -> str:
    return f"COUNTIFS({','.join(pairs)})"


def _sum(column: str, pairs: list[str]) -> str:
    return f"SUMIFS({column},{','.join(pairs)})" if pairs else f"SUM({column})"


def _answered(s: Scope) -> str:
    return _countifs(s.call_criteria() + [s.call("answered"), YES])


def _answered_sum(s: Scope, name: str) -> str:
    return _sum(s.call(name), s.call_criteria() + [s.call("answered"), YES])


def _offered(s: Scope) -> str:
    return _countifs(s.call_criteria() + [s.call("queued_at"), NOT_EMPTY])


def _within_20(s: Scope) -> str:
    mask = f"({s.call(s.dimension)}={s.label_cell})*" if s.dimension else ""
    return (f"SUMPRODUCT({mask}({s.call('answered')}=\"是\")"
            f"*(({s.call('queue')}+{s.call('ring')})<=20))")


def _rated(s: Scope, ratings: tuple[str, ...] = RATINGS) -> str:
    return "+".join(_countifs(s.call_criteria() + [s.call("rating"), f'"{r}"']) for r in ratings)


def _busy(s: Scope) -> str:
    return "+".join(_sum(s.state(n), s.state_criteria()) for n in ("talk", "hold", "acw"))


def kpi_formula(name: str, scope: Scope) -> str:
    """The formula (with leading '=') computing KPI ``name`` over ``scope``."""
    s = scope
    out = {"id": f"{OUTBOUND_SHEET}!$A$2:$A${s.extent.outbound}",
           "result": f"{OUTBOUND_SHEET}!$F$2:$F${s.extent.outbound}",
           "outcome": f"{OUTBOUND_SHEET}!$H$2:$H${s.extent.outbound}"}
    formulas = {
        "offered": lambda: _offered(s),
        "answered": lambda: _answered(s),
        "abandoned": lambda: _countifs(s.call_criteria() + [s.call("answered"), NO]),
        "answered_20s": lambda: _within_20(s),
        "answer_rate": lambda: f"{_answered(s)}/{_offered(s)}",
        "abandon_rate": lambda: f"({_offered(s)}-{_answered(s)})/{_offered(s)}",
        "service_level": lambda: f"{_within_20(s)}/{_offered(s)}",
        "asa": lambda: f"({_answered_sum(s, 'queue')}+{_answered_sum(s, 'ring')})/{_answered(s)}",
        "att": lambda: f"{_answered_sum(s, 'talk')}/{_answered(s)}",
        "average_hold": lambda: f"{_answered_sum(s, 'hold')}/{_answered(s)}",
        "average_acw": lambda: f"{_answered_sum(s, 'acw')}/{_answered(s)}",
        "aht": lambda: (f"({_answered_sum(s, 'talk')}+{_answered_sum(s, 'hold')}"
                        f"+{_answered_sum(s, 'acw')})/{_answered(s)}"),
        "fcr": lambda: f"{_countifs(s.call_criteria() + [s.call('fcr'), YES])}/{_answered(s)}",
        "rated": lambda: _rated(s),
        "satisfaction": lambda: f"({_rated(s, RATINGS[:2])})/({_rated(s)})",
        "rating_rate": lambda: f"({_rated(s)})/{_answered(s)}",
        "occupancy": lambda: (f"({_busy(s)})/({_busy(s)}"
                              f"+{_sum(s.state('ready'), s.state_criteria())})"),
        "utilisation": lambda: f"({_busy(s)})/{_sum(s.state('logged_in'), s.state_criteria())}",
        "attendance": lambda: (f"{_countifs([s.state('present'), YES])}"
                               f"/{_countifs([s.state('scheduled'), POSITIVE])}"),
        "adherence": lambda: (f"{_sum(s.state('adherence'), s.state_criteria())}"
                              f"/{_sum(s.state('scheduled'), s.state_criteria())}"),
        "outbound_connect_rate": lambda: f"COUNTIF({out['result']},\"已接通\")/COUNTA({out['id']})",
        "outbound_sales_rate": lambda: (f"COUNTIF({out['outcome']},\"成功办理\")"
                                        f"/COUNTIF({out['result']},\"已接通\")"),
    }
    return "=" + formulas[name]()
