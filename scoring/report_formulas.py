"""Evaluating formulas of workbooks saved without cached results (written by scripts), with
pycel, inside limits that a hostile workbook cannot talk its way past.

Before anything is compiled every formula in the workbook is scanned: too many formulas, a
referenced range larger than the limit (whole columns are clipped to the sheet's used rows,
as pycel does) or INDIRECT/OFFSET (ranges only known at run time) stop the evaluation with
a reason instead of a hang. Circular references end in a caught RecursionError.
"""
from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from typing import Any, Iterator

from openpyxl import load_workbook
from openpyxl.formula import Tokenizer
from openpyxl.utils.cell import range_boundaries

PLUGIN = "scoring.report_formula_functions"
DYNAMIC_FUNCTIONS = ("INDIRECT(", "OFFSET(")
_QUIET = logging.getLogger("scoring.report_formulas.pycel")
_QUIET.addHandler(logging.NullHandler())
_QUIET.propagate = False


@dataclass(frozen=True)
class FormulaLimits:
    max_formula_cells: int = 20_000
    max_range_cells: int = 200_000
    max_total_range_cells: int = 3_000_000
    #: Bounds of the child process that evaluates (report_formula_sandbox).
    timeout_s: float = 30.0
    memory_mb: int = 1024


@dataclass(frozen=True)
class FormulaProblem:
    """Why a formula could not be evaluated; shown to the judge, never raised."""

    code: str
    reason_zh: str


def formula_text(value: Any) -> str | None:
    """The formula of a cell value as openpyxl gives it (plain, array or data-table)."""
    text = getattr(value, "text", value)
    if isinstance(text, str) and text.startswith("="):
        return text
    return None


def _split_reference(reference: str, default_sheet: str) -> tuple[str, str]:
    if "!" in reference:
        sheet, _, cells = reference.rpartition("!")
        return sheet.strip("'").replace("''", "'"), cells
    return default_sheet, reference


def _range_size(cells: str, sheet: Any) -> int:
    try:
        min_col, min_row, max_col, max_row = range_boundaries(cells.replace("$", ""))
    except ValueError:
        return 0  # a defined name or something pycel will refuse on its own
    max_row = max_row if max_row is not None else (sheet.max_row if sheet is not None else 1)
    max_col = max_col if max_col is not None else (sheet.max_column if sheet is not None else 1)
    min_row, min_col = min_row or 1, min_col or 1
    return max(0, max_row - min_row + 1) * max(0, max_col - min_col + 1)


def _references(formula: str) -> Iterator[tuple[str, str]]:
    for token in Tokenizer(formula).items:
        if token.type == "OPERAND" and token.subtype == "RANGE":
            yield "ref", token.value
        elif token.type == "FUNC" and token.subtype == "OPEN":
            yield "func", token.value.upper()


def scan_workbook(wb: Any, limits: FormulaLimits) -> FormulaProblem | None:
    """Refuse workbooks whose formulas could make pycel run away."""
    count = total = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                formula = formula_text(cell.value)
                if formula is None:
                    continue
                count += 1
                if count > limits.max_formula_cells:
                    return FormulaProblem("too_many", "工作簿公式数量过多,无法自动计算,请裁判核对")
                for kind, value in _references(formula):
                    if kind == "func" and value in DYNAMIC_FUNCTIONS:
                        return FormulaProblem("dynamic", f"公式使用了 {value[:-1]},无法自动计算,请裁判核对")
                    if kind != "ref":
                        continue
                    sheet_name, cells = _split_reference(value, ws.title)
                    size = _range_size(cells, wb[sheet_name] if sheet_name in wb else None)
                    total += size
                    if size > limits.max_range_cells or total > limits.max_total_range_cells:
                        where = f"{ws.title}!{cell.coordinate}"
                        return FormulaProblem(
                            "huge_range", f"公式引用的区域过大({where}),无法自动计算,请裁判核对")
    return None


def _address(sheet: str, cell: str) -> str:
    if any(ch in sheet for ch in " -'!()"):
        return "'" + sheet.replace("'", "''") + "'!" + cell
    return f"{sheet}!{cell}"


class FormulaEvaluator:
    """Lazily loads the full workbook and compiles it with pycel on the first request."""

    def __init__(self, data: bytes, limits: FormulaLimits = FormulaLimits()) -> None:
        self._data = data
        self._limits = limits
        self._compiler: Any = None
        self._problem: FormulaProblem | None = None
        self._loaded = False

    def _load(self) -> None:
        self._loaded = True
        try:
            from pycel import ExcelCompiler

            wb = load_workbook(io.BytesIO(self._data))
            self._problem = scan_workbook(wb, self._limits)
            if self._problem is None:
                self._compiler = ExcelCompiler(excel=wb, plugins=[PLUGIN], cycles=False)
                self._compiler.log = _QUIET
        except Exception as error:
            self._problem = FormulaProblem("load", f"工作簿无法载入计算({type(error).__name__})")

    def evaluate(self, sheet: str, cell: str) -> Any:
        """The computed value, an Excel error text such as '#DIV/0!', or a FormulaProblem."""
        if not self._loaded:
            self._load()
        if self._problem is not None:
            return self._problem
        try:
            value = self._compiler.evaluate(_address(sheet, cell))
        except RecursionError:
            return FormulaProblem("circular", f"{sheet}!{cell} 的公式存在循环引用或引用链过长")
        except Exception as error:
            return FormulaProblem("eval", f"{sheet}!{cell} 的公式无法自动计算({type(error).__name__}),"
                                  "请裁判核对")
        while isinstance(value, tuple) and value:
            value = value[0]
        return value if isinstance(value, (int, float, str, bool, type(None))) else str(value)
