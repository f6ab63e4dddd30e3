"""Score an attempt: the newest uploaded workbook and report, run through the validators with
the frozen task and answer key. A missing file scores 0 on its items with a plain reason."""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Mapping, Sequence

from scoring.report_analysis import judged_items
from scoring.report_excel import validate_excel
from scoring.report_results import refused_items
from scoring.report_spec import CheckSpec
from scoring.report_word import validate_word
from scoring.types import ItemResult

from ..base import AttemptView
from .content import key_of, task_of
from .uploads import file_bytes, item_key, safety_limits, stored_file

MISSING = {"xlsx": "未上传 Excel 工作簿(.xlsx),本项不得分",
           "docx": "未上传 Word 报告(.docx),本项不得分"}
LOST = "已上传的文件在服务器存储中找不到,请技术人员检查存储后重新评分"


def score_files(view: AttemptView) -> list[ItemResult]:
    task, key = task_of(view.content), key_of(view.content)
    limits = safety_limits()
    workbook, problem = _upload(view.answers, "xlsx")
    if workbook is None:
        excel = refused_items(task.excel_checks, "excel", problem[0], problem[1])
    else:
        excel = validate_excel(workbook, task, key, limits)
    report, problem = _upload(view.answers, "docx")
    if report is None:
        word = (refused_items(task.word_checks, "word", problem[0], problem[1])
                + _analysis_without_report(task.analysis_checks, problem))
    else:
        word = validate_word(report, task, key, limits)
    return excel + word


def _upload(answers: Mapping[str, Any], slot: str) -> tuple[bytes | None, tuple[str, str]]:
    """The file's bytes, or None with (reason, flag) saying why there are none."""
    value = answers.get(item_key(slot))
    if stored_file(value) is None:
        return None, (MISSING[slot], "empty")
    data = file_bytes(value)
    return (data, ("", "")) if data is not None else (None, (LOST, "needs_review"))


def _analysis_without_report(specs: Sequence[CheckSpec],
                             problem: tuple[str, str]) -> list[ItemResult]:
    """With no report there is nothing for a judge to read: 0, and not waiting for anyone.
    A lost file still waits for a person, who must look into it."""
    reason, flag = problem
    return [replace(item, flags=(*item.flags, flag) if flag == "needs_review" else (flag,))
            for item in judged_items(specs, "", {}, reason)]
