"""Validating an uploaded Word report item by item, plus the judged analysis items."""
from __future__ import annotations

from typing import Callable, Mapping

from scoring.office_safety import DEFAULT_LIMITS, SafetyLimits, inspect_office_file
from scoring.report_analysis import analysis_hints, judged_items
from scoring.report_docx_content import DocxView, extract_analysis_text
from scoring.report_results import Verdict, crashed_item, refused_items, to_item
from scoring.report_spec import CheckSpec, ReportTaskLike
from scoring.report_word_checks import (WordContext, check_body_font, check_body_indent,
                                        check_body_line_spacing, check_header_text,
                                        check_page_number, check_page_setup, check_title_align,
                                        check_title_font, check_title_text)
from scoring.report_word_content_checks import (check_analysis_length, check_key_figures,
                                                check_kpi_table, check_picture)
from scoring.types import ItemResult

GROUP = "word"
WordCheck = Callable[[WordContext, CheckSpec], Verdict]

#: Check type → (function, parameters task.yaml must give it).
WORD_CHECKS: Mapping[str, tuple[WordCheck, tuple[str, ...]]] = {
    "title_text": (check_title_text, ("text",)),
    "title_font": (check_title_font, ("font", "size")),
    "title_align": (check_title_align, ()),
    "body_font": (check_body_font, ("font", "size")),
    "body_line_spacing": (check_body_line_spacing, ()),
    "body_indent": (check_body_indent, ()),
    "page_setup": (check_page_setup, ("paper", "margins_cm")),
    "header_text": (check_header_text, ("text",)),
    "page_number": (check_page_number, ()),
    "kpi_table": (check_kpi_table, ("kpis",)),
    "picture": (check_picture, ()),
    "analysis_length": (check_analysis_length, ("min_chars",)),
    "key_figures": (check_key_figures, ("figures", "min_cited")),
}
ANALYSIS_TYPES = ("judged",)

__all__ = ["WORD_CHECKS", "extract_analysis_text", "validate_word"]


def _run_check(ctx: WordContext, spec: CheckSpec) -> ItemResult:
    try:
        return to_item(spec, GROUP, WORD_CHECKS[spec.type][0](ctx, spec))
    except Exception as error:  # one odd paragraph must not cost every other item
        return crashed_item(spec, GROUP, error)


def _figures(task: ReportTaskLike) -> list[str]:
    for spec in task.word_checks:
        if spec.type == "key_figures":
            return [str(f) for f in spec.param("figures")]
    return list(task.kpis)


def validate_word(data: bytes, task: ReportTaskLike, key: Mapping[str, float] | None = None,
                  limits: SafetyLimits = DEFAULT_LIMITS) -> list[ItemResult]:
    """ItemResults for every Word check (group "word") followed by the judged analysis
    items (group "analysis", judged=True, 0 points until a judge marks them)."""
    key = key if key is not None else task.answer_key()
    verdict = inspect_office_file(data, "docx", limits)
    if not verdict.ok:
        return (refused_items(task.word_checks, GROUP, verdict.reason_zh)
                + judged_items(task.analysis_checks, "", {}, verdict.reason_zh))
    try:
        view = DocxView(data)
    except Exception as error:
        reason = f"文档无法打开({type(error).__name__}),请用 Word/WPS 重新保存后上传"
        return (refused_items(task.word_checks, GROUP, reason)
                + judged_items(task.analysis_checks, "", {}, reason))
    ctx = WordContext(view, task, key)
    items = [_run_check(ctx, spec) for spec in task.word_checks]
    text = view.analysis_text()
    hints = analysis_hints(text, key, task.kpis, _figures(task))
    return items + judged_items(task.analysis_checks, text, hints)
