"""Excel import/export of the quiz bank, and writing imports back as per-topic YAML."""
from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any, Callable

import pytest
from openpyxl import Workbook, load_workbook

from question_bank import quiz_excel
from question_bank.quiz_bank import (
    DEFAULT_BANK_DIR,
    Question,
    QuestionType,
    check_bank,
    load_bank,
)
from question_bank.quiz_excel import (
    HEADERS,
    bank_template_xlsx,
    export_bank_xlsx,
    import_bank_xlsx,
    write_bank_yaml,
)
from question_bank.quiz_yaml import read_topic_file

GOOD_ROW = ["x-001", "单选", "坐席示忙后，ACD 还会分配新来电吗？", "会", "不会", None, None, None,
            None, None, None, "A", "运营", 1, "示忙表示暂不接听新来电。"]


def workbook_bytes(rows: list[list[Any]], headers: list[str] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers or list(HEADERS))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row(**changes: Any) -> list[Any]:
    values = dict(zip(HEADERS, GOOD_ROW, strict=True))
    values.update(changes)
    return [values[header] for header in HEADERS]


# --- template and export ----------------------------------------------------------------------

def test_template_has_headers_notes_and_two_importable_examples() -> None:
    workbook = load_workbook(io.BytesIO(bank_template_xlsx()))
    assert workbook.sheetnames == ["题库", "说明"]
    sheet = workbook["题库"]
    assert [cell.value for cell in sheet[1]] == list(HEADERS)
    assert sheet.max_row == 3
    explained = {row[0] for row in workbook["说明"].iter_rows(min_row=2, values_only=True)}
    for header in ("编号", "题型", "题目", "选项A–选项H", "答案", "知识点", "难度", "解析"):
        assert header in explained
    result = import_bank_xlsx(bank_template_xlsx())
    assert result.ok and [q.type for q in result.questions] == [QuestionType.SINGLE,
                                                                 QuestionType.JUDGE]


def test_export_then_import_gives_equal_questions() -> None:
    questions = list(load_bank().questions)
    result = import_bank_xlsx(export_bank_xlsx(questions))
    assert result.issues == []
    assert result.questions == questions


def test_export_writes_judge_answers_as_words_and_leaves_options_empty() -> None:
    judge = next(q for q in load_bank().questions if q.type is QuestionType.JUDGE)
    sheet = load_workbook(io.BytesIO(export_bank_xlsx([judge])))["题库"]
    values = dict(zip(HEADERS, [cell.value for cell in sheet[2]], strict=True))
    assert values["答案"] in ("对", "错") and values["选项A"] is None and values["题型"] == "判断"


@pytest.mark.libreoffice
def test_workbook_resaved_by_libreoffice_imports_equal(tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    questions = list(load_bank().questions[:30])
    source = tmp_path / "in" / "bank.xlsx"
    source.parent.mkdir()
    source.write_bytes(export_bank_xlsx(questions))
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path / "out"),
         str(source)],
        check=True, capture_output=True, timeout=120)
    resaved = (tmp_path / "out" / "bank.xlsx").read_bytes()
    assert resaved != source.read_bytes()
    result = import_bank_xlsx(resaved)
    assert result.issues == [] and result.questions == questions


# --- import errors ----------------------------------------------------------------------------

def test_every_bad_row_is_reported_by_number_and_nothing_is_imported() -> None:
    data = workbook_bytes([
        row(),
        row(编号="x-002", 答案="C"),
        [None] * len(HEADERS),
        row(编号="x-003", 题型=None),
        row(编号="x-004", 题型="判断", 题目="示忙期间坐席不会收到新来电。", 选项A=None, 选项B=None,
            答案="对"),
    ])
    result = import_bank_xlsx(data)
    assert result.questions == []
    assert [(issue.row, issue.question_id) for issue in result.issues] == [(3, "x-002"),
                                                                          (5, "x-003")]
    assert str(result.issues[0]) == "第3行（x-002）：答案 C 超出选项范围（选项只有 A–B）"
    assert "缺少题型" in result.issues[1].message


def test_gap_in_options_is_reported() -> None:
    result = import_bank_xlsx(workbook_bytes([row(选项B=None, 选项C="也许")]))
    assert [str(issue) for issue in result.issues] == ["第2行（x-001）：选项B为空"]


def test_duplicate_ids_and_near_duplicate_stems_inside_a_file_are_reported() -> None:
    result = import_bank_xlsx(workbook_bytes([
        row(), row(题目="放弃率的分母是什么？"), row(编号="x-009", 题目="坐席示忙后,ACD 还会分配新来电吗")]))
    assert not result.ok and result.questions == []
    assert [str(issue) for issue in result.issues] == [
        "第3行（x-001）：编号与前面（第2行）的题目重复",
        "第4行（x-009）：题目与 x-001（第2行） 高度相似（相似度 100），疑似重复"]


def test_columns_are_found_by_header_not_position() -> None:
    headers = list(reversed(HEADERS))
    result = import_bank_xlsx(workbook_bytes([list(reversed(row()))], headers))
    assert result.ok and result.questions[0].options == ("会", "不会")


def test_missing_headers_are_named() -> None:
    headers = [header for header in HEADERS if header not in ("答案", "解析")]
    result = import_bank_xlsx(workbook_bytes([], headers))
    assert [str(issue) for issue in result.issues] == ["第1行：表头缺少列：答案、解析"]


def test_sheet_without_questions_is_refused() -> None:
    result = import_bank_xlsx(workbook_bytes([]))
    assert [str(issue) for issue in result.issues] == ["文件：表格中没有题目"]


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(("data", "expected"), [
    (b"", "不是 Excel 工作簿"),
    ("编号,题型\nx,单选\n".encode(), "不是 Excel 工作簿"),
    (bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 100, "旧版 .xls"),
    (zip_bytes({"word/document.xml": b"<w/>"}), "不是 Excel 工作簿"),
    (zip_bytes({"xl/workbook.xml": b"<x/>", "xl/vbaProject.bin": b"macro"}), "包含宏"),
    (zip_bytes({"xl/workbook.xml": b"not really xml"}), "无法读取该工作簿"),
])
def test_non_xlsx_bytes_get_a_chinese_refusal(data: bytes, expected: str) -> None:
    result = import_bank_xlsx(data)
    assert result.questions == [] and len(result.issues) == 1
    assert result.issues[0].row is None and expected in result.issues[0].message


def test_oversized_and_overexpanding_files_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    data = workbook_bytes([row()])
    monkeypatch.setattr(quiz_excel, "MAX_UNPACKED_BYTES", 1000)
    assert "解压后体积异常" in import_bank_xlsx(data).issues[0].message
    monkeypatch.setattr(quiz_excel, "MAX_XLSX_BYTES", 100)
    assert "文件超过" in import_bank_xlsx(data).issues[0].message


# --- YAML writing -----------------------------------------------------------------------------

def test_imported_questions_become_valid_topic_files(tmp_path: Path) -> None:
    questions = list(load_bank().questions)
    written = write_bank_yaml(questions, tmp_path)
    assert len(written) == 9
    assert check_bank(tmp_path).issues == []
    assert list(load_bank(tmp_path).questions) == sorted(questions, key=_file_order(written))


def _file_order(written: list[Path]) -> Callable[[Question], int]:
    """Sort key giving the order load_bank reads the written files in."""
    topics = [read_topic_file(path).topic for path in written]
    return lambda question: topics.index(question.topic)


def test_writing_merges_by_id_and_moves_questions_between_topics(tmp_path: Path) -> None:
    bank = load_bank()
    first, second, third = bank.questions[:3]
    write_bank_yaml([first, second], tmp_path)
    (tmp_path / "broken.yaml").write_text("topic: [\n", encoding="utf-8")
    changed_first = first.__class__(**{**first.__dict__, "explanation": "改写后的解析。"})
    moved_second = second.__class__(**{**second.__dict__, "topic": "新知识点"})
    write_bank_yaml([changed_first, moved_second, third], tmp_path)
    assert (tmp_path / "broken.yaml").read_text(encoding="utf-8") == "topic: [\n"
    (tmp_path / "broken.yaml").unlink()
    merged = load_bank(tmp_path)
    assert merged.by_id(first.id).explanation == "改写后的解析。"
    assert merged.by_id(second.id).topic == "新知识点"
    assert merged.by_id(third.id) == third
    assert len(merged) == 3
    assert (tmp_path / "xinzhishidian.yaml").exists()


def test_written_files_read_like_hand_written_ones(tmp_path: Path) -> None:
    question = load_bank().by_id("kpi-001")
    [path] = write_bank_yaml([question], tmp_path)
    text = path.read_text(encoding="utf-8")
    assert "  - id: kpi-001\n    type: 单选\n" in text
    assert f"    options: [{', '.join(question.options)}]\n" in text
    assert f"    answer: {question.answer_text}\n" in text


def test_rewriting_the_shipped_bank_changes_no_file(tmp_path: Path) -> None:
    shipped = sorted(DEFAULT_BANK_DIR.glob("*.yaml"))
    for path in shipped:
        shutil.copy(path, tmp_path / path.name)
    write_bank_yaml(load_bank().questions, tmp_path)
    assert sorted(path.name for path in tmp_path.iterdir()) == [path.name for path in shipped]
    for path in shipped:
        assert (tmp_path / path.name).read_text(encoding="utf-8") == path.read_text(encoding="utf-8")
