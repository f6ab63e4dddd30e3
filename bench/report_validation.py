"""Validating a typical 报表制作 pair (workbook + report) as scoring does at close: median of
repeated runs, against a baseline measured in the same run (merely opening both files with
openpyxl and python-docx).

The pair is the colleague's correct solution, re-saved by LibreOffice when it is installed
(files saved by Excel, WPS or LibreOffice carry cached formula values, as contestants' do);
otherwise the script-made pair, whose formulas must be evaluated (pycel, ~1-2 s), which the
figures then say. Target: median under 300 ms.
"""
from __future__ import annotations

import io
import statistics
import time
from typing import Any, Callable

from docx import Document
from openpyxl import load_workbook

from report_tasks import load_task
from report_tasks.office_convert import ConversionFailed, convert, soffice_path
from report_tasks.solution_report import solution_report
from report_tasks.solution_workbook import solution_workbook
from scoring.report_excel import validate_excel
from scoring.report_word import validate_word

TASKS = ("daily_kpi_0611", "agent_perf_0918")
REPEATS = 15
#: Script-made workbooks are slow (formula evaluation in a child): a few runs show the size.
SCRIPT_REPEATS = 3
TARGET_MS = 300.0


def run() -> dict[str, Any]:
    figures = {task_id: _measure(task_id) for task_id in TASKS}
    worst = max(f["median_ms"] for f in figures.values())
    return {"tasks": figures, "repeats": REPEATS, "target_median_ms_below": TARGET_MS,
            "worst_median_ms": worst, "met": worst < TARGET_MS}


def _measure(task_id: str) -> dict[str, Any]:
    task = load_task(task_id)
    key = task.answer_key()
    workbook, document, made_by = _typical_pair(task)

    def validate(pair: tuple[bytes, bytes]) -> Callable[[], None]:
        def action() -> None:
            items = validate_excel(pair[0], task, key) + validate_word(pair[1], task, key)
            assert items, "the validators returned nothing"
        return action

    def open_only() -> None:
        load_workbook(io.BytesIO(workbook))
        Document(io.BytesIO(document))

    validate((workbook, document))()  # warm imports and caches, as a running server has them
    median, spread = _timed(validate((workbook, document)))
    baseline, _ = _timed(open_only)
    scripted, _ = _timed(validate(_script_pair(task)), SCRIPT_REPEATS)
    return {"files": made_by, "xlsx_bytes": len(workbook), "docx_bytes": len(document),
            "median_ms": round(median, 1), "p90_ms": round(spread, 1),
            "baseline_open_only_median_ms": round(baseline, 1),
            "ratio_vs_open_only": round(median / baseline, 2),
            "script_made_pair_median_ms": round(scripted, 1)}


def _script_pair(task: Any) -> tuple[bytes, bytes]:
    return solution_workbook(task), solution_report(task, via_styles=True, indent_unit="points")


def _typical_pair(task: Any) -> tuple[bytes, bytes, str]:
    workbook, document = _script_pair(task)
    if soffice_path() is None:
        return workbook, document, "script-made (LibreOffice not installed: formulas evaluated)"
    try:
        return (convert(workbook, "answer.xlsx", "xlsx:Calc MS Excel 2007 XML"),
                convert(document, "answer.docx", "docx:MS Word 2007 XML"),
                "LibreOffice-saved (cached formula values)")
    except ConversionFailed as error:
        return workbook, document, f"script-made (LibreOffice failed: {error})"


def _timed(action: Callable[[], None], repeats: int = REPEATS) -> tuple[float, float]:
    """Median and 90th percentile in milliseconds."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.9) - 1)]
