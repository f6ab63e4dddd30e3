"""What a report task tells the validators: KPI display rules and check specifications.

``report_tasks`` builds these from task.yaml; the validators read nothing else, so scoring
never imports the content package.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Protocol, Sequence


@dataclass(frozen=True)
class KpiSpec:
    """How a task wants one KPI shown: percent or plain number, and how many decimals.

    ``decimals`` counts digits of the displayed number, so a percent with 2 decimals is
    78.45% and the stored fraction carries 4. ``tolerance`` overrides half a display step.
    """

    name: str
    label: str
    percent: bool = False
    decimals: int = 0
    unit: str = ""
    aliases: tuple[str, ...] = ()
    tolerance: float | None = None

    @property
    def fraction_decimals(self) -> int:
        return self.decimals + (2 if self.percent else 0)

    def allowed_error(self) -> float:
        """Half a display step: any value that rounds to the right display passes."""
        if self.tolerance is not None:
            return self.tolerance
        return 0.5 * 10 ** -self.fraction_decimals + 1e-9

    def display(self, value: float) -> str:
        if self.percent:
            return f"{value * 100:.{self.decimals}f}%"
        return f"{value:.{self.decimals}f}{self.unit}"

    def matches(self, value: float, expected: float) -> bool:
        return abs(value - expected) <= self.allowed_error()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class CheckSpec:
    """One scored item: ``key`` as judges see it, ``type`` picks the check function."""

    key: str
    type: str
    label: str
    points: float
    params: Mapping[str, Any] = field(default_factory=dict)

    def param(self, name: str, default: Any = None) -> Any:
        return self.params.get(name, default)


class ReportTaskLike(Protocol):
    """The part of a report task the validators use."""

    task_id: str
    kpis: Mapping[str, KpiSpec]
    excel_checks: Sequence[CheckSpec]
    word_checks: Sequence[CheckSpec]
    analysis_checks: Sequence[CheckSpec]

    def answer_key(self) -> Mapping[str, float]: ...


def kpi_spec_for(key_name: str, kpis: Mapping[str, KpiSpec]) -> KpiSpec:
    """The display rule of an answer-key entry: 'slot.09:30-10:00.service_level' shows like
    'service_level'."""
    base = key_name.rsplit(".", 1)[-1]
    return kpis[base]


def breakdown_members(key: Mapping[str, float], dimension: str, kpi: str) -> list[str]:
    """Members ('08:00-08:30', 'A1001', …) of a breakdown, in the key's order."""
    prefix = dimension + "."
    suffix = "." + kpi
    return [name[len(prefix):-len(suffix)] for name in key
            if name.startswith(prefix) and name.endswith(suffix)]


def split_cells(value: str | Sequence[str]) -> list[str]:
    """'B4:B6' or ['B4', 'C5:C6'] → every single cell address, row by row."""
    from openpyxl.utils.cell import range_boundaries, get_column_letter

    parts = [value] if isinstance(value, str) else list(value)
    cells: list[str] = []
    for part in parts:
        min_col, min_row, max_col, max_row = range_boundaries(str(part).replace("$", ""))
        cells += [f"{get_column_letter(col)}{row}" for row in range(min_row, max_row + 1)
                  for col in range(min_col, max_col + 1)]
    return cells
