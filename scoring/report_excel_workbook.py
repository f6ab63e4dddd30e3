"""One uploaded workbook as the Excel checks see it: styles and layout from openpyxl (on a
light copy), formula results from the file's cache, or from pycel when the cache is empty."""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Any, Iterable

from openpyxl import load_workbook

from scoring.report_formula_sandbox import evaluate_cells
from scoring.report_formulas import FormulaLimits, FormulaProblem, formula_text
from scoring.report_xlsx_charts import ChartInfo, read_charts
from scoring.report_xlsx_package import (MISSING, cache_is_stale, cached_formula_results,
                                         light_copy, normalise_name, sheet_parts)


@dataclass(frozen=True)
class CellValue:
    """A cell's value with where it came from: 'constant', 'cached', 'evaluated', 'empty'
    or 'problem' (then ``problem`` says why)."""

    value: Any
    formula: str | None
    source: str
    problem: FormulaProblem | None = None

    @property
    def is_error(self) -> bool:
        return isinstance(self.value, str) and self.value.startswith("#")

    @property
    def number(self) -> float | None:
        if isinstance(self.value, bool) or not isinstance(self.value, (int, float)):
            return None
        return float(self.value)


class ExcelView:
    def __init__(self, data: bytes, wanted_sheets: Iterable[str],
                 formula_limits: FormulaLimits = FormulaLimits()) -> None:
        self._data = data
        self._limits = formula_limits
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            self._parts = {part.name: part.path for part in sheet_parts(archive)}
            self.charts: list[ChartInfo] = read_charts(archive)
            self.cache_is_stale = cache_is_stale(archive)
        self.workbook = load_workbook(io.BytesIO(light_copy(data, wanted_sheets)))
        self._cache: dict[str, dict[str, Any]] = {}
        self._evaluated: dict[tuple[str, str], Any] = {}

    @property
    def sheet_names(self) -> list[str]:
        return list(self.workbook.sheetnames)

    def find_sheet_name(self, wanted: str) -> str | None:
        """The exact sheet, else one whose name differs only in width, spaces or case."""
        if wanted in self.workbook.sheetnames:
            return wanted
        target = normalise_name(wanted)
        return next((n for n in self.workbook.sheetnames if normalise_name(n) == target), None)

    def sheet(self, wanted: str) -> Any:
        name = self.find_sheet_name(wanted)
        return self.workbook[name] if name is not None else None

    def _cached_results(self, sheet: str) -> dict[str, Any]:
        if sheet not in self._cache:
            with zipfile.ZipFile(io.BytesIO(self._data)) as archive:
                path = self._parts.get(sheet, "")
                found = path in archive.NameToInfo and not self.cache_is_stale
                self._cache[sheet] = cached_formula_results(archive, path) if found else {}
        return self._cache[sheet]

    def _uncached(self, wanted_sheet: str, address: str) -> tuple[str, str] | None:
        sheet = self.find_sheet_name(wanted_sheet)
        if sheet is None or formula_text(self.workbook[sheet][address].value) is None:
            return None
        if self._cached_results(sheet).get(address, MISSING) is not MISSING:
            return None
        return sheet, address

    def prefetch(self, cells: Iterable[tuple[str, str]]) -> None:
        """Evaluate, in one sandboxed run, every listed formula cell that has no cached
        result, so the checks that follow do not start a process each."""
        missing = [c for c in dict.fromkeys(self._uncached(s, a) for s, a in cells) if c]
        missing = [c for c in missing if c not in self._evaluated]
        self._evaluated.update(evaluate_cells(self._data, missing, self._limits))

    def _evaluate(self, sheet: str, cell: str) -> Any:
        if (sheet, cell) not in self._evaluated:
            self._evaluated.update(evaluate_cells(self._data, [(sheet, cell)], self._limits))
        return self._evaluated[(sheet, cell)]

    def cell(self, wanted_sheet: str, address: str) -> CellValue:
        sheet = self.find_sheet_name(wanted_sheet)
        if sheet is None:
            return CellValue(None, None, "empty")
        raw = self.workbook[sheet][address].value
        formula = formula_text(raw)
        if formula is None:
            return CellValue(raw, None, "empty" if raw in (None, "") else "constant")
        cached = self._cached_results(sheet).get(address, MISSING)
        if cached is not MISSING:
            return CellValue(cached, formula, "cached")
        value = self._evaluate(sheet, address)
        if isinstance(value, FormulaProblem):
            return CellValue(None, formula, "problem", value)
        return CellValue(value, formula, "evaluated")
