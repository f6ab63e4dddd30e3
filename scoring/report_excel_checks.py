"""Excel layout and formatting checks: sheet names, title, header, bold, borders, freeze
panes and number formats. Each returns a Verdict with a reason a contestant can read."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from openpyxl.utils.cell import coordinate_from_string, column_index_from_string, range_boundaries

from scoring.report_excel_workbook import ExcelView
from scoring.report_results import Verdict, clean_text, failed, listing, passed, quote, share
from scoring.report_spec import CheckSpec, ReportTaskLike, split_cells

CENTRED = ("center", "centerContinuous")


@dataclass(frozen=True)
class ExcelContext:
    view: ExcelView
    task: ReportTaskLike
    key: Mapping[str, float]


def missing_sheet(name: str, rule: str) -> Verdict:
    return failed(f"找不到工作表“{name}”", rule, sheet=name)


SheetBody = Callable[[ExcelContext, Any, CheckSpec, str], Verdict]


def on_sheet(rule_of: Callable[[CheckSpec], str]) -> Callable[[SheetBody], Callable[..., Verdict]]:
    """Wrap a check that needs the spec's sheet: builds the rule text, and fails the item
    with "找不到工作表" when the sheet is missing (even under a near-miss name)."""
    def wrap(body: SheetBody) -> Callable[[ExcelContext, CheckSpec], Verdict]:
        def check(ctx: ExcelContext, spec: CheckSpec) -> Verdict:
            rule = rule_of(spec)
            ws = ctx.view.sheet(spec.param("sheet"))
            if ws is None:
                return missing_sheet(spec.param("sheet"), rule)
            return body(ctx, ws, spec, rule)
        check.__name__ = body.__name__
        check.__doc__ = body.__doc__
        return check
    return wrap


def check_sheet_names(ctx: ExcelContext, spec: CheckSpec) -> Verdict:
    wanted = list(spec.param("sheets"))
    rule = "须有工作表:" + "、".join(f"“{n}”" for n in wanted)
    present = set(ctx.view.sheet_names)
    wrong = [n for n in wanted if n not in present]
    if not wrong:
        return passed("工作表名称正确", rule, sheets=ctx.view.sheet_names)
    near = {n: ctx.view.find_sheet_name(n) for n in wrong}
    notes = [f"“{n}”写成了“{near[n]}”" if near[n] else f"缺少“{n}”" for n in wrong]
    return failed("工作表名称不符:" + ";".join(notes), rule, sheets=ctx.view.sheet_names)


@on_sheet(lambda s: f"“{s.param('sheet')}”!{s.param('cell')} 内容为“{s.param('text')}”")
def check_cell_text(ctx: ExcelContext, ws: Any, spec: CheckSpec, rule: str) -> Verdict:
    cell, text = spec.param("cell"), str(spec.param("text"))
    actual = ws[cell].value
    if clean_text(actual) == clean_text(text):
        return passed("文字正确", rule, actual=str(actual))
    return failed(f"{cell} 的内容是{quote(actual)},应为“{text}”", rule, actual=str(actual or ""))


@on_sheet(lambda s: f"“{s.param('sheet')}”!{s.param('range')} 合并后居中")
def check_merged_centered(ctx: ExcelContext, ws: Any, spec: CheckSpec, rule: str) -> Verdict:
    wanted = str(spec.param("range"))
    min_col, min_row, max_col, max_row = range_boundaries(wanted)
    merged = next((r for r in ws.merged_cells.ranges
                   if r.min_row == min_row and r.min_col == min_col), None)
    align = ws.cell(min_row, min_col).alignment.horizontal
    problems = []
    if merged is None:
        problems.append(f"{wanted} 没有合并")
    elif merged.max_col < max_col or merged.max_row != max_row:
        problems.append(f"合并区域是 {merged.coord},应为 {wanted}")
    if align not in CENTRED:
        problems.append("没有水平居中")
    detail = {"merged": merged.coord if merged else None, "alignment": align}
    if problems:
        return failed(";".join(problems), rule, **detail)
    return passed("已合并居中", rule, **detail)


@on_sheet(lambda s: "表头:" + "、".join(f"{c}“{t}”" for c, t in dict(s.param("cells")).items()))
def check_header_texts(ctx: ExcelContext, ws: Any, spec: CheckSpec, rule: str) -> Verdict:
    cells = dict(spec.param("cells"))
    wrong = [f"{c} 为{quote(ws[c].value)}(应为“{t}”)" for c, t in cells.items()
             if clean_text(ws[c].value) != clean_text(t)]
    if wrong:
        return failed("表头不符:" + listing(wrong), rule, wrong=wrong)
    return passed("表头正确", rule)


@on_sheet(lambda s: f"“{s.param('sheet')}”!{s.param('range')} 加粗")
def check_bold(ctx: ExcelContext, ws: Any, spec: CheckSpec, rule: str) -> Verdict:
    plain = [c for c in split_cells(str(spec.param("range"))) if not ws[c].font.b]
    if plain:
        return failed(f"未加粗:{listing(plain)}", rule, cells=plain)
    return passed("已加粗", rule)


def _drawn(cell: Any, side: str) -> bool:
    line = getattr(cell.border, side, None)
    return bool(line is not None and line.style)


def _edge(ws: Any, row: int, col: int, side: str) -> bool:
    """A shared edge counts when either neighbour draws it (programs store it either way)."""
    if _drawn(ws.cell(row, col), side):
        return True
    neighbour = {"left": (0, -1, "right"), "right": (0, 1, "left"),
                 "top": (-1, 0, "bottom"), "bottom": (1, 0, "top")}[side]
    r, c = row + neighbour[0], col + neighbour[1]
    return r >= 1 and c >= 1 and _drawn(ws.cell(r, c), neighbour[2])


@on_sheet(lambda s: f"“{s.param('sheet')}”!{s.param('range')} 每个单元格四周都有边框")
def check_borders(ctx: ExcelContext, ws: Any, spec: CheckSpec, rule: str) -> Verdict:
    min_col, min_row, max_col, max_row = range_boundaries(str(spec.param("range")))
    cells = [(r, c) for r in range(min_row, max_row + 1) for c in range(min_col, max_col + 1)]
    bare = [ws.cell(r, c).coordinate for r, c in cells
            if not all(_edge(ws, r, c, side) for side in ("left", "right", "top", "bottom"))]
    if bare:
        return share(len(cells) - len(bare), len(cells), f"缺少边框:{listing(bare)}", rule,
                     cells=bare[:50])
    return passed("边框完整", rule)


@on_sheet(lambda s: f"“{s.param('sheet')}”冻结窗格于 {s.param('cell')}")
def check_freeze_panes(ctx: ExcelContext, ws: Any, spec: CheckSpec, rule: str) -> Verdict:
    column, row = coordinate_from_string(str(spec.param("cell")))
    pane = ws.sheet_view.pane
    frozen = pane is not None and pane.state in ("frozen", "frozenSplit")
    rows, cols = (int(pane.ySplit or 0), int(pane.xSplit or 0)) if frozen else (0, 0)
    want = (row - 1, column_index_from_string(column) - 1)
    detail = {"frozen_rows": rows, "frozen_columns": cols}
    if (rows, cols) == want:
        return passed("冻结位置正确", rule, **detail)
    found = "没有冻结窗格" if not frozen else f"冻结了 {rows} 行 {cols} 列"
    return failed(f"{found},应冻结 {want[0]} 行 {want[1]} 列", rule, **detail)


def format_decimals(code: str) -> tuple[bool, int] | None:
    """(is percent, decimals) of a number format's positive section; None for General."""
    section = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.', "", str(code).split(";")[0])
    if not re.search(r"[0#?]", section) and "%" not in section:
        return None
    fraction = re.search(r"\.([0#?]+)", section)
    return "%" in section, len(fraction.group(1)) if fraction else 0


def check_number_format(ctx: ExcelContext, spec: CheckSpec) -> Verdict:
    percent, decimals = spec.param("kind") == "percent", int(spec.param("decimals"))
    shape = f"百分比、{decimals} 位小数" if percent else f"数值、{decimals} 位小数"
    targets = {sheet: split_cells(cells) for sheet, cells in dict(spec.param("cells")).items()}
    rule = "数字格式为" + shape + ":" + ";".join(f"“{s}”{len(c)} 格" for s, c in targets.items())
    wrong, total = [], 0
    for sheet, cells in targets.items():
        ws = ctx.view.sheet(sheet)
        total += len(cells)
        if ws is None:
            wrong += [f"{sheet}!{c}" for c in cells]
            continue
        for cell in cells:
            code = ws[cell].number_format
            if format_decimals(code) != (percent, decimals):
                wrong.append(f"{sheet}!{cell}({code})")
    if wrong:
        return share(total - len(wrong), total, f"格式不符({shape}):{listing(wrong)}", rule,
                     cells=wrong[:50])
    return passed("数字格式正确", rule)
