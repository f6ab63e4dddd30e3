"""A perfect answer workbook for any task, built from its check specs: what a strong
contestant would upload (formulas over the raw sheets, formats, borders, chart).

openpyxl writes no cached results, so this file also exercises the pycel path; re-saved by
LibreOffice it becomes the cached-values case.
"""
from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any, Callable, Mapping

from openpyxl import Workbook, load_workbook
from openpyxl.chart import BarChart, LineChart, PieChart, Reference
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils.cell import coordinate_from_string, range_boundaries

from report_tasks.raw_workbook import CALL_SHEET, OUTBOUND_SHEET, STATE_SHEET, build_raw_workbook
from report_tasks.solution_formulas import RawExtent, Scope, kpi_formula
from scoring.report_spec import CheckSpec, breakdown_members, split_cells

if TYPE_CHECKING:
    from report_tasks.model import ReportTask

THIN = Side(style="thin")
NUMBER_FORMATS = {("percent", 0): "0%", ("percent", 1): "0.0%", ("percent", 2): "0.00%",
                  ("number", 0): "0", ("number", 1): "0.0", ("number", 2): "0.00"}
CHARTS = {"column": lambda: BarChart(type="col"), "bar": lambda: BarChart(type="bar"),
          "line": LineChart, "pie": PieChart}


def _sheet(wb: Workbook, name: str) -> Any:
    return wb[name] if name in wb.sheetnames else wb.create_sheet(name)


def _extent(wb: Workbook) -> RawExtent:
    return RawExtent(wb[CALL_SHEET].max_row, wb[STATE_SHEET].max_row, wb[OUTBOUND_SHEET].max_row)


def _kpi_cell(wb: Workbook, spec: CheckSpec, task: "ReportTask", key: Mapping[str, float]) -> None:
    ws = _sheet(wb, spec.param("sheet"))
    column, row = coordinate_from_string(spec.param("cell"))
    ws[spec.param("cell")] = kpi_formula(spec.param("kpi"), Scope(_extent(wb)))
    if column != "A":
        ws.cell(row, 1, task.kpis[spec.param("kpi")].label)


def _table(wb: Workbook, spec: CheckSpec, task: "ReportTask", key: Mapping[str, float]) -> None:
    ws = _sheet(wb, spec.param("sheet"))
    for cell, text in dict(spec.param("header") or {}).items():
        ws[cell] = text
    columns = dict(spec.param("columns"))
    members = breakdown_members(key, spec.param("dimension"), next(iter(columns.values())))
    label_column = spec.param("label_column")
    for row, member in enumerate(members, start=int(spec.param("first_row"))):
        label_cell = f"{label_column}{row}"
        ws[label_cell] = member
        scope = Scope(_extent(wb), spec.param("dimension"), f"${label_column}{row}")
        for column, kpi in columns.items():
            ws[f"{column}{row}"] = kpi_formula(kpi, scope)


def _merge(wb: Workbook, spec: CheckSpec, *_: Any) -> None:
    ws = _sheet(wb, spec.param("sheet"))
    ws.merge_cells(spec.param("range"))
    first = ws[spec.param("range").split(":")[0]]
    first.alignment = Alignment(horizontal="center", vertical="center")
    first.font = Font(bold=True, size=14)


def _borders(wb: Workbook, spec: CheckSpec, *_: Any) -> None:
    ws = _sheet(wb, spec.param("sheet"))
    for cell in split_cells(spec.param("range")):
        ws[cell].border = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _number_format(wb: Workbook, spec: CheckSpec, *_: Any) -> None:
    code = NUMBER_FORMATS[(spec.param("kind"), int(spec.param("decimals")))]
    for sheet, cells in dict(spec.param("cells")).items():
        for cell in split_cells(cells):
            _sheet(wb, sheet)[cell].number_format = code


def _chart(wb: Workbook, spec: CheckSpec, *_: Any) -> None:
    values_sheet, values = str(spec.param("values")).split("!")
    ws = _sheet(wb, values_sheet.strip("'"))
    chart = CHARTS[spec.param("chart_type")]()
    chart.title = spec.param("title")
    min_col, min_row, _, max_row = range_boundaries(values.replace("$", ""))
    chart.add_data(Reference(ws, min_col=min_col, min_row=min_row, max_row=max_row))
    if spec.param("categories"):
        _, categories = str(spec.param("categories")).split("!")
        c_col, c_min, _, c_max = range_boundaries(categories.replace("$", ""))
        chart.set_categories(Reference(ws, min_col=c_col, min_row=c_min, max_row=c_max))
    ws.add_chart(chart, spec.param("anchor", "G2"))


def _text(wb: Workbook, spec: CheckSpec, *_: Any) -> None:
    _sheet(wb, spec.param("sheet"))[spec.param("cell")] = spec.param("text")


def _headers(wb: Workbook, spec: CheckSpec, *_: Any) -> None:
    for cell, text in dict(spec.param("cells")).items():
        _sheet(wb, spec.param("sheet"))[cell] = text


def _bold(wb: Workbook, spec: CheckSpec, *_: Any) -> None:
    for cell in split_cells(spec.param("range")):
        _sheet(wb, spec.param("sheet"))[cell].font = Font(bold=True)


def _freeze(wb: Workbook, spec: CheckSpec, *_: Any) -> None:
    _sheet(wb, spec.param("sheet")).freeze_panes = spec.param("cell")


def _sheets(wb: Workbook, spec: CheckSpec, *_: Any) -> None:
    for name in spec.param("sheets"):
        _sheet(wb, name)


Writer = Callable[..., None]
WRITERS: Mapping[str, Writer] = {
    "sheet_names": _sheets, "cell_text": _text, "merged_centered": _merge,
    "header_texts": _headers, "bold": _bold, "kpi_value": _kpi_cell, "table_values": _table,
    "number_format": _number_format, "borders": _borders, "freeze_panes": _freeze,
    "chart": _chart,
}
#: Writers run in this order so formats land on cells that already hold their values.
ORDER = ("sheet_names", "cell_text", "header_texts", "kpi_value", "table_values",
         "merged_centered", "bold", "number_format", "borders", "freeze_panes", "chart")


def solution_workbook(task: "ReportTask", skip: tuple[str, ...] = ()) -> bytes:
    """The raw workbook plus every sheet the task asks for, done right. ``skip`` names
    check keys to leave undone (handy for making a file with one known mistake)."""
    wb = load_workbook(io.BytesIO(build_raw_workbook(task)))
    key = task.answer_key()
    specs = sorted((s for s in task.excel_checks if s.key not in skip),
                   key=lambda s: ORDER.index(s.type) if s.type in ORDER else len(ORDER))
    for spec in specs:
        writer = WRITERS.get(spec.type)
        if writer is not None:
            writer(wb, spec, task, key)
    for ws in wb.worksheets:
        if ws.title not in (CALL_SHEET, STATE_SHEET, OUTBOUND_SHEET):
            ws.column_dimensions["A"].width = 16
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def edited_workbook(data: bytes, change: Callable[[Workbook], None]) -> bytes:
    """``data`` loaded with openpyxl, changed in place by ``change``, saved again: how the
    tests make workbooks with one known mistake."""
    wb = load_workbook(io.BytesIO(data))
    change(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
