"""Excel value checks: KPI cells against the answer key, formulas rather than typed
numbers, and breakdown tables (per slot, agent or skill group)."""
from __future__ import annotations

from typing import Any

from openpyxl.formula import Tokenizer

from scoring.report_excel_checks import ExcelContext, on_sheet
from scoring.report_excel_workbook import CellValue
from scoring.report_results import Verdict, clean_label, listing, passed, share
from scoring.report_spec import CheckSpec, KpiSpec, breakdown_members, split_cells


def value_problem(cell: CellValue, kpi: KpiSpec, expected: float) -> str | None:
    """None when the cell shows the right value at the task's precision, else why not."""
    want = kpi.display(expected)
    if cell.source == "problem" and cell.problem is not None:
        return cell.problem.reason_zh
    if cell.source == "empty":
        return f"单元格为空(应为 {want})"
    if cell.is_error:
        return f"公式结果为错误值 {cell.value}(应为 {want})"
    number = cell.number
    if number is None:
        return f"内容是文本“{cell.value}”,不是数值(应为 {want})"
    if kpi.matches(number, expected):
        return None
    if kpi.percent and kpi.matches(number / 100, expected):
        return f"值为 {number:g},是百分数乘了 100;应为 {expected:.4f}(显示为 {want})"
    return f"值为 {number:g},应为 {want}"


def _rule_for(kpi: KpiSpec, where: str) -> str:
    step = "百分比 " if kpi.percent else ""
    return f"{where} 为{kpi.label},按 {step}{kpi.decimals} 位小数显示时与答案一致"


def _kpi_rule(spec: CheckSpec) -> str:
    return f"“{spec.param('sheet')}”!{spec.param('cell')} 的值按题目规定的小数位显示时与答案一致"


@on_sheet(_kpi_rule)
def check_kpi_value(ctx: ExcelContext, ws: Any, spec: CheckSpec, rule: str) -> Verdict:
    sheet, cell, name = spec.param("sheet"), str(spec.param("cell")), str(spec.param("kpi"))
    kpi, expected = ctx.task.kpis[name], ctx.key[name]
    rule = _rule_for(kpi, f"“{sheet}”!{cell}")
    found = ctx.view.cell(sheet, cell)
    detail = {"expected": expected, "expected_display": kpi.display(expected),
              "actual": found.value if not found.problem else None, "source": found.source,
              "formula": found.formula}
    problem = value_problem(found, kpi, expected)
    flags = ("needs_review",) if found.source == "problem" else ()
    if problem is None:
        return passed(f"{kpi.label}正确({kpi.display(expected)})", rule, **detail)
    return Verdict(0.0, problem, rule, detail, flags)


def references_cells(formula: str) -> bool:
    """A formula that only does arithmetic on typed numbers (=512/600) is not a formula."""
    try:
        tokens = Tokenizer(formula).items
    except Exception:
        return False
    return any(t.type == "OPERAND" and t.subtype == "RANGE" for t in tokens)


@on_sheet(lambda s: f"“{s.param('sheet')}”!{s.param('cells')} 用引用数据的公式计算,不得直接键入数值")
def check_formulas(ctx: ExcelContext, ws: Any, spec: CheckSpec, rule: str) -> Verdict:
    sheet, cells = spec.param("sheet"), split_cells(spec.param("cells"))
    typed, constant = [], []
    for cell in cells:
        formula = ctx.view.cell(sheet, cell).formula
        if formula is None:
            typed.append(cell)
        elif not references_cells(formula):
            constant.append(f"{cell}({formula})")
    if not typed and not constant:
        return passed("全部使用公式", rule)
    notes = ([f"直接键入数值:{listing(typed)}"] if typed else []) + \
            ([f"公式只含常数:{listing(constant)}"] if constant else [])
    good = len(cells) - len(typed) - len(constant)
    return share(good, len(cells), ";".join(notes), rule, typed=typed, constant=constant)


def _label_rows(ctx: ExcelContext, spec: CheckSpec) -> dict[str, int]:
    ws = ctx.view.sheet(spec.param("sheet"))
    column = str(spec.param("label_column"))
    first, last = int(spec.param("first_row")), int(spec.param("last_row"))
    # Contestants may add a total row or shift the table a row or two; search a little wider.
    rows = range(max(1, first - 2), last + 6)
    return {clean_label(ws[f"{column}{row}"].value): row for row in rows
            if ws[f"{column}{row}"].value not in (None, "")}


@on_sheet(lambda s: f"“{s.param('sheet')}”按{s.param('label_column')}列的行标签逐行核对"
          + "、".join(f"{c}列" for c in dict(s.param("columns"))) + "的数值")
def check_table_values(ctx: ExcelContext, ws: Any, spec: CheckSpec, rule: str) -> Verdict:
    sheet, dimension = spec.param("sheet"), str(spec.param("dimension"))
    columns = {str(col): str(kpi) for col, kpi in dict(spec.param("columns")).items()}
    rows = _label_rows(ctx, spec)
    members = breakdown_members(ctx.key, dimension, next(iter(columns.values())))
    wrong: list[str] = []
    for member in members:
        row = rows.get(clean_label(member))
        for column, name in columns.items():
            if row is None:
                wrong.append(f"{member} {ctx.task.kpis[name].label}(缺行)")
                continue
            expected = ctx.key[f"{dimension}.{member}.{name}"]
            problem = value_problem(ctx.view.cell(sheet, f"{column}{row}"),
                                    ctx.task.kpis[name], expected)
            if problem is not None:
                wrong.append(f"{column}{row} {member} {ctx.task.kpis[name].label}:{problem}")
    total = len(members) * len(columns)
    if not wrong:
        return passed(f"{len(members)} 行全部正确", rule, checked=total)
    return share(total - len(wrong), total, f"{total} 个数值中 {len(wrong)} 个不对:{listing(wrong, 3)}",
                 rule, wrong=wrong[:60], checked=total)
