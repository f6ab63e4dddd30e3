"""Excel import and export of quiz questions, for teachers who keep their banks in Excel.

Import is all or nothing: every bad row is reported with its row number, and no question is
returned as importable while any row is bad. ``write_bank_yaml`` (re-exported here) then turns
an accepted import into editable per-topic YAML files.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Sequence

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from question_bank.quiz_checks import cross_question_problems
from question_bank.quiz_model import LETTERS, Question
from question_bank.quiz_parse import parse_question
from question_bank.quiz_yaml import write_bank_yaml

__all__ = ["ImportIssue", "ImportResult", "bank_template_xlsx", "export_bank_xlsx",
           "import_bank_xlsx", "write_bank_yaml"]

OPTION_HEADERS = tuple(f"选项{letter}" for letter in LETTERS)
HEADERS = ("编号", "题型", "题目", *OPTION_HEADERS, "答案", "知识点", "难度", "解析")
REQUIRED_HEADERS = ("编号", "题型", "题目", "选项A", "选项B", "答案", "知识点", "难度", "解析")
SHEET_NAME = "题库"
MAX_XLSX_BYTES = 10 * 1024 * 1024
#: A bank of a few thousand questions unpacks to a few MB; far more means a zip bomb.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
COLUMN_WIDTHS = {"编号": 12, "题型": 8, "题目": 48, "答案": 8, "知识点": 22, "难度": 6, "解析": 60}

COLUMN_NOTES = (
    ("编号", "题目的唯一编号，只能用字母、数字、连字符、下划线和点，例如 kpi-001。编号相同的题目导入时会替换原题。"),
    ("题型", "填写 单选、不定项 或 判断。"),
    ("题目", "题干文字。"),
    ("选项A–选项H", "选择题从选项A开始依次填写，至少 2 个、最多 8 个，中间不能空缺，选项之间不能重复。"
                    "选项会按座位打乱顺序，不要写“以上都对”这类依赖顺序的选项。判断题不填选项。"),
    ("答案", "单选填一个字母，如 B；不定项填一个或多个字母，如 ACD；判断填 对 或 错。"),
    ("知识点", "题目所属的知识点（主题），例如 呼叫中心运营与KPI。同一知识点的题目保存在同一个题库文件中。"),
    ("难度", "1 表示易，2 表示中，3 表示难。"),
    ("解析", "答案的解释，考后展示给选手和评委，不能为空。"),
    ("提示", "第 2、3 行是示例，导入前请删除。有任何一行出错时整个文件都不会导入，请按提示的行号修改后重新导入。"),
)

EXAMPLE_ROWS = (
    ("demo-001", "单选", "坐席工具条上显示“示闲”状态，表示坐席处于什么状态？",
     ["可以接听新的来电", "正在通话中", "正在小休", "已经签出下班"], "A", "服务外包与呼叫中心概论", 1,
     "示闲表示坐席已就绪，ACD 可以把排队来电分配给他；示忙时则不再分配新来电。"),
    ("demo-002", "判断", "坐席在通话中可以使用网络流行语称呼客户，以拉近距离。", [], "错",
     "话务礼仪与服务用语", 1, "服务用语应规范、礼貌，网络流行语显得随意，部分客户还可能听不懂或感到被冒犯。"),
)


@dataclass(frozen=True)
class ImportIssue:
    """A problem with one spreadsheet row; ``row`` is None for a problem with the whole file."""

    row: int | None
    question_id: str
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行" if self.row is not None else "文件"
        return f"{where}（{self.question_id}）：{self.message}" if self.question_id \
            else f"{where}：{self.message}"


@dataclass
class ImportResult:
    questions: list[Question] = field(default_factory=list)
    issues: list[ImportIssue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.issues


def bank_template_xlsx() -> bytes:
    """An empty bank sheet with two example rows, and a 说明 sheet explaining every column."""
    workbook = Workbook()
    sheet = _bank_sheet(workbook)
    for row in EXAMPLE_ROWS:
        question_id, type_label, stem, options, answer, topic, difficulty, explanation = row
        sheet.append(_row_cells(question_id, type_label, stem, options, answer, topic,
                                difficulty, explanation))
    notes = workbook.create_sheet("说明")
    notes.append(["列名", "填写说明"])
    for note in COLUMN_NOTES:
        notes.append(list(note))
    notes["A1"].font = notes["B1"].font = Font(bold=True)
    notes.column_dimensions["A"].width, notes.column_dimensions["B"].width = 14, 100
    return _save(workbook)


def export_bank_xlsx(questions: Iterable[Question]) -> bytes:
    workbook = Workbook()
    sheet = _bank_sheet(workbook)
    for question in questions:
        options = list(question.options) if question.type.is_choice else []
        sheet.append(_row_cells(question.id, question.type.label, question.stem, options,
                                question.editable_answer, question.topic, question.difficulty,
                                question.explanation))
    return _save(workbook)


def _row_cells(question_id: str, type_label: str, stem: str, options: Sequence[str],
               answer: str, topic: str, difficulty: int, explanation: str) -> list[Any]:
    padded = list(options) + [None] * (len(LETTERS) - len(options))
    return [question_id, type_label, stem, *padded, answer, topic, difficulty, explanation]


def _bank_sheet(workbook: Workbook) -> Worksheet:
    sheet = workbook.active
    sheet.title = SHEET_NAME
    sheet.append(list(HEADERS))
    for column, header in enumerate(HEADERS, start=1):
        cell = sheet.cell(row=1, column=column)
        cell.font = Font(bold=True)
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = COLUMN_WIDTHS.get(header, 18)
    sheet.freeze_panes = "A2"
    _add_choice_lists(sheet)
    return sheet


def _add_choice_lists(sheet: Worksheet) -> None:
    """Drop-down lists so teachers pick a valid 题型 and 难度 instead of typing them."""
    for header, choices in (("题型", '"单选,不定项,判断"'), ("难度", '"1,2,3"')):
        letter = sheet.cell(row=1, column=HEADERS.index(header) + 1).column_letter
        validation = DataValidation(type="list", formula1=choices, allow_blank=True)
        validation.add(f"{letter}2:{letter}5000")
        sheet.add_data_validation(validation)


def _save(workbook: Workbook) -> bytes:
    sheet = workbook[SHEET_NAME]
    for header in ("题目", "解析"):
        column = HEADERS.index(header) + 1
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def import_bank_xlsx(data: bytes) -> ImportResult:
    refusal = _refusal(data)
    if refusal:
        return ImportResult(issues=[ImportIssue(None, "", refusal)])
    try:
        rows = _sheet_rows(data)
    except Exception:  # openpyxl raises many kinds of errors on damaged files; all mean the same
        return ImportResult(issues=[ImportIssue(None, "", "无法读取该工作簿，文件可能已损坏")])
    return _import_rows(rows)


def _sheet_rows(data: bytes) -> list[tuple[Any, ...]]:
    """The bank sheet's rows. A read-only workbook reads its sheets lazily, so a damaged
    sheet (bad CRC, broken XML) fails here, not in load_workbook."""
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        named = SHEET_NAME in workbook.sheetnames
        sheet = workbook[SHEET_NAME] if named else workbook.worksheets[0]
        return list(sheet.iter_rows(values_only=True))
    finally:
        workbook.close()


def _refusal(data: bytes) -> str | None:
    """Why these bytes are not an acceptable .xlsx, in Chinese; None when they are."""
    if len(data) > MAX_XLSX_BYTES:
        return f"文件超过 {MAX_XLSX_BYTES // (1024 * 1024)} MB，请拆分后导入"
    if data[:8] == bytes.fromhex("d0cf11e0a1b11ae1"):
        return "这是旧版 .xls 文件，请在 Excel 或 WPS 中另存为 .xlsx 后再导入"
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return "文件不是 Excel 工作簿（.xlsx），请使用题库模板填写后导入"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = archive.infolist()
    names = {entry.filename for entry in entries}
    if "xl/workbook.xml" not in names:
        return "文件不是 Excel 工作簿（.xlsx），请使用题库模板填写后导入"
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        return "文件包含宏，出于安全考虑不予导入，请另存为不含宏的 .xlsx"
    if sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
        return "文件解压后体积异常，已拒绝导入"
    return None


def _import_rows(rows: list[tuple[Any, ...]]) -> ImportResult:
    if not rows:
        return ImportResult(issues=[ImportIssue(None, "", "工作表是空的")])
    columns = {str(name).strip(): index for index, name in enumerate(rows[0]) if name is not None}
    missing = [header for header in REQUIRED_HEADERS if header not in columns]
    if missing:
        return ImportResult(issues=[ImportIssue(1, "", f"表头缺少列：{'、'.join(missing)}")])
    parsed: list[tuple[int, Question]] = []
    issues: list[ImportIssue] = []
    for number, row in enumerate(rows[1:], start=2):
        if all(value is None or str(value).strip() == "" for value in row):
            continue
        raw, topic = _row_record(row, columns)
        question, problems = parse_question(raw, topic)
        name = str(raw.get("id") or "").strip()
        issues.extend(ImportIssue(number, name, problem) for problem in problems)
        if question is not None:
            parsed.append((number, question))
    if not parsed and not issues:
        issues.append(ImportIssue(None, "", "表格中没有题目"))
    # Cross-question messages name the earlier question by its source: here, its row.
    by_row = [replace(question, source=f"第{number}行") for number, question in parsed]
    for position, message in cross_question_problems(by_row):
        number, question = parsed[position]
        issues.append(ImportIssue(number, question.id, message))
    questions = [question for _, question in parsed]
    issues.sort(key=lambda issue: issue.row or 0)
    return ImportResult(issues=issues) if issues else ImportResult(questions=questions)


def _row_record(row: tuple[Any, ...], columns: dict[str, int]) -> tuple[dict[str, Any], str]:
    def cell(header: str) -> Any:
        index = columns.get(header)
        return row[index] if index is not None and index < len(row) else None

    options = [cell(header) for header in OPTION_HEADERS]
    while options and (options[-1] is None or str(options[-1]).strip() == ""):
        options.pop()
    raw = {"id": cell("编号"), "type": cell("题型"), "stem": cell("题目"),
           "options": options or None, "answer": cell("答案"), "difficulty": cell("难度"),
           "explanation": cell("解析")}
    topic = cell("知识点")
    return raw, "" if topic is None else str(topic)
