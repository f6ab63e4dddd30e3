"""Validating an uploaded Excel workbook item by item against a report task."""
from __future__ import annotations

from typing import Callable, Mapping

from scoring.office_safety import DEFAULT_LIMITS, SafetyLimits, inspect_office_file
from scoring.report_excel_chart import check_chart
from scoring.report_excel_checks import (ExcelContext, check_bold, check_borders,
                                         check_cell_text, check_freeze_panes,
                                         check_header_texts, check_merged_centered,
                                         check_number_format, check_sheet_names)
from scoring.report_excel_values import check_formulas, check_kpi_value, check_table_values
from scoring.report_excel_workbook import ExcelView
from scoring.report_formulas import FormulaLimits
from scoring.report_results import Verdict, crashed_item, refused_items, to_item
from scoring.report_spec import CheckSpec, ReportTaskLike
from scoring.types import ItemResult

GROUP = "excel"
ExcelCheck = Callable[[ExcelContext, CheckSpec], Verdict]

#: Check type → (function, parameters task.yaml must give it).
EXCEL_CHECKS: Mapping[str, tuple[ExcelCheck, tuple[str, ...]]] = {
    "sheet_names": (check_sheet_names, ("sheets",)),
    "cell_text": (check_cell_text, ("sheet", "cell", "text")),
    "merged_centered": (check_merged_centered, ("sheet", "range")),
    "header_texts": (check_header_texts, ("sheet", "cells")),
    "bold": (check_bold, ("sheet", "range")),
    "borders": (check_borders, ("sheet", "range")),
    "freeze_panes": (check_freeze_panes, ("sheet", "cell")),
    "number_format": (check_number_format, ("kind", "decimals", "cells")),
    "kpi_value": (check_kpi_value, ("sheet", "cell", "kpi")),
    "formulas": (check_formulas, ("sheet", "cells")),
    "table_values": (check_table_values, ("sheet", "dimension", "label_column", "first_row",
                                          "last_row", "columns")),
    "chart": (check_chart, ("chart_type", "title", "values")),
}


def wanted_sheets(task: ReportTaskLike) -> set[str]:
    """Every sheet a check names: these stay whole in the light copy."""
    names: set[str] = set()
    for spec in task.excel_checks:
        names.update(spec.param("sheets", ()))
        if spec.param("sheet"):
            names.add(str(spec.param("sheet")))
        if isinstance(spec.param("cells"), Mapping):
            names.update(spec.param("cells"))
    return names


def value_cells(task: ReportTaskLike) -> list[tuple[str, str]]:
    """Cells whose values the checks will read (tables with the rows they may slip by)."""
    cells: list[tuple[str, str]] = []
    for spec in task.excel_checks:
        if spec.type == "kpi_value":
            cells.append((str(spec.param("sheet")), str(spec.param("cell"))))
        elif spec.type == "table_values":
            rows = range(max(1, int(spec.param("first_row")) - 2), int(spec.param("last_row")) + 6)
            cells += [(str(spec.param("sheet")), f"{col}{row}")
                      for col in dict(spec.param("columns")) for row in rows]
    return cells


def run_check(ctx: ExcelContext, spec: CheckSpec) -> ItemResult:
    try:
        return to_item(spec, GROUP, EXCEL_CHECKS[spec.type][0](ctx, spec))
    except Exception as error:  # one odd cell must not cost the contestant every other item
        return crashed_item(spec, GROUP, error)


def validate_excel(data: bytes, task: ReportTaskLike, key: Mapping[str, float] | None = None,
                   limits: SafetyLimits = DEFAULT_LIMITS,
                   formula_limits: FormulaLimits = FormulaLimits()) -> list[ItemResult]:
    """One ItemResult per Excel check of the task, in task order (group "excel").

    The upload is inspected first; an unsafe or unreadable file gets every item at 0 with
    the refusal as the reason. ``key`` defaults to ``task.answer_key()``. Formulas saved
    without results are evaluated in a child process bounded by ``formula_limits``.
    """
    verdict = inspect_office_file(data, "xlsx", limits)
    if not verdict.ok:
        return refused_items(task.excel_checks, GROUP, verdict.reason_zh)
    try:
        view = ExcelView(data, wanted_sheets(task), formula_limits)
        view.prefetch(value_cells(task))
    except Exception as error:
        return refused_items(task.excel_checks, GROUP,
                             f"工作簿无法打开({type(error).__name__}),请用 Excel/WPS 重新保存后上传")
    ctx = ExcelContext(view, task, key if key is not None else task.answer_key())
    return [run_check(ctx, spec) for spec in task.excel_checks]
