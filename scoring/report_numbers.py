"""Numbers written by people in Word tables and prose: '76.18%', '76.2 ％', '14.4秒',
'1,234 通' — and whether one of them states a KPI correctly."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from scoring.report_spec import KpiSpec

NUMBER = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(%|％|个百分点)?")


@dataclass(frozen=True)
class WrittenNumber:
    value: float
    decimals: int
    percent: bool
    text: str


def written_numbers(text: str) -> list[WrittenNumber]:
    """Every number in ``text`` with how many decimals it was written with."""
    found = []
    for match in NUMBER.finditer(unicodedata.normalize("NFKC", text or "")):
        whole, fraction = match.group(1).replace(",", ""), match.group(2) or ""
        sign = match.group(3)
        found.append(WrittenNumber(float(whole + fraction), max(0, len(fraction) - 1),
                                   bool(sign), match.group(0)))
    return found


def first_number(text: str) -> WrittenNumber | None:
    numbers = written_numbers(text)
    return numbers[0] if numbers else None


def table_value_matches(number: WrittenNumber, kpi: KpiSpec, expected: float) -> bool:
    """A table cell: the task's precision applies; a percent may be written as 76.18%,
    76.18 or 0.7618."""
    if not kpi.percent:
        return kpi.matches(number.value, expected)
    if number.percent or number.value > 1:
        return kpi.matches(number.value / 100, expected)
    return kpi.matches(number.value, expected)


def prose_cites(number: WrittenNumber, kpi: KpiSpec, expected: float) -> bool:
    """Prose: the number is the KPI correctly rounded to however many decimals the writer
    chose (76.18%, 76.2% and 76% all cite 0.761789). Percent KPIs need the % sign."""
    if kpi.percent != number.percent:
        return False
    target = expected * 100 if kpi.percent else expected
    return abs(number.value - target) <= 0.5 * 10 ** -number.decimals + 1e-9


def cited_in(text: str, kpi: KpiSpec, expected: float) -> WrittenNumber | None:
    return next((n for n in written_numbers(text) if prose_cites(n, kpi, expected)), None)
