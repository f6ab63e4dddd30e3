"""Word validation on documents written by python-docx: the reference report (fonts on
runs, or only in styles) and the mistakes contestants make."""
import io
import json

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from report_tasks import load_task
from report_tasks.solution_report import edited_report as edit
from report_tasks.solution_report import solution_report
from scoring.report_word import extract_analysis_text, validate_word


@pytest.fixture(scope="module")
def daily():
    return load_task("daily_kpi_0611")


@pytest.fixture(scope="module")
def key(daily):
    return daily.answer_key()


def by_key(items):
    return {item.key: item for item in items}


def machine_lost(items):
    return [(i.key, i.reason) for i in items if not i.judged and i.points != i.max_points]


@pytest.mark.parametrize("via_styles, indent_unit",
                         [(False, "chars"), (True, "chars"), (True, "points")])
def test_reference_report_gets_every_machine_point(daily, key, via_styles, indent_unit):
    items = validate_word(solution_report(daily, via_styles, indent_unit), daily, key)
    assert machine_lost(items) == []
    assert sum(i.points for i in items if i.group == "word") == 5


def test_agent_task_reference_report_passes_with_exact_line_spacing():
    task = load_task("agent_perf_0918")
    items = validate_word(solution_report(task, via_styles=True), task, task.answer_key())
    assert machine_lost(items) == []


def test_judged_analysis_items_wait_for_a_judge_with_checklist_and_text(daily, key):
    items = [i for i in validate_word(solution_report(daily), daily, key) if i.group == "analysis"]
    assert [i.key for i in items] == [s.key for s in daily.analysis_checks]
    assert all(i.judged and i.points == 0 for i in items)
    assert sum(i.max_points for i in items) == 5
    detail = items[0].detail
    assert detail["checklist"].startswith("分析中引用")
    assert "服务水平" in detail["analysis_text"]
    assert detail["hints"]["cited_figures"]["服务水平"] == "76.18%"
    json.dumps([i.to_json() for i in items], ensure_ascii=False)


@pytest.fixture(scope="module")
def reference(daily):
    return solution_report(daily)


def set_title_font(document, font):
    run = document.paragraphs[0].runs[0]
    run.element.rPr.find(qn("w:rFonts")).set(qn("w:eastAsia"), font)


def test_title_in_song_instead_of_hei_loses_the_font_item(daily, key, reference):
    items = by_key(validate_word(edit(reference, lambda d: set_title_font(d, "宋体")), daily, key))
    assert items["docx.title_font"].points == 0
    assert "字体为宋体" in items["docx.title_font"].reason
    assert items["docx.title_text"].points == 0.5


def test_letter_paper_and_landscape_are_named(daily, key, reference):
    def letter(document):
        document.sections[0].page_width, document.sections[0].page_height = Cm(21.59), Cm(27.94)
    def landscape(document):
        section = document.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    def page_reason(change):
        return by_key(validate_word(edit(reference, change), daily, key))["docx.page_setup"].reason
    assert "Letter" in page_reason(letter)
    assert "横向" in page_reason(landscape)


def test_missing_picture_and_page_number_are_found(daily, key, reference):
    def strip(document):
        for paragraph in document.paragraphs:
            for drawing in paragraph._p.findall(".//" + qn("w:drawing")):
                drawing.getparent().remove(drawing)
        footer = document.sections[0].footer.paragraphs[0]._p
        for run in footer.findall(qn("w:r")):
            footer.remove(run)
    items = by_key(validate_word(edit(reference, strip), daily, key))
    assert items["docx.picture"].points == 0
    assert items["docx.page_number"].points == 0


def test_table_value_rounded_to_one_decimal_costs_its_share(daily, key, reference):
    def round_badly(document):
        for row in document.tables[0].rows:
            if row.cells[0].text == "服务水平":
                row.cells[1].text = "76.2%"
    item = by_key(validate_word(edit(reference, round_badly), daily, key))["docx.kpi_table"]
    assert item.points == pytest.approx(0.75 * 5 / 6)
    assert "服务水平为“76.2%”" in item.reason


def test_one_character_indent_and_single_spacing_are_rejected(daily, key, reference):
    def sloppy(document):
        for paragraph in document.paragraphs[1:]:
            ind = paragraph._p.pPr.find(qn("w:ind")) if paragraph._p.pPr is not None else None
            if ind is not None:
                ind.set(qn("w:firstLineChars"), "100")
            paragraph.paragraph_format.line_spacing = 1.0
    items = by_key(validate_word(edit(reference, sloppy), daily, key))
    assert items["docx.body_indent"].points == 0 and "1.0 字符" in items["docx.body_indent"].reason
    assert "1 倍行距" in items["docx.body_spacing"].reason


def test_twips_indent_counts_as_two_characters_of_the_body_size(daily, key, reference):
    def twips(document):
        for paragraph in document.paragraphs[1:]:
            ind = paragraph._p.pPr.find(qn("w:ind")) if paragraph._p.pPr is not None else None
            if ind is not None:
                paragraph._p.pPr.remove(ind)
                paragraph.paragraph_format.first_line_indent = Pt(24)
    items = by_key(validate_word(edit(reference, twips), daily, key))
    assert items["docx.body_indent"].points == 0.25


def test_short_analysis_without_figures_fails_length_and_citations(daily, key):
    document = docx.Document()
    document.add_paragraph("云湾通信客服热线6月11日运营分析报告")
    document.add_paragraph("今天话务比较忙,高峰时段排队的客户较多,需要加强排班管理,提升服务水平。")
    out = io.BytesIO()
    document.save(out)
    items = by_key(validate_word(out.getvalue(), daily, key))
    assert items["docx.analysis_length"].points == 0
    assert items["docx.key_figures"].points == 0
    assert "只正确引用了 0 项" in items["docx.key_figures"].reason
    assert items["docx.kpi_table"].reason == "文档中没有表格"
    assert items["docx.title_text"].points == 0.5


def test_extract_analysis_text_skips_title_and_tables(reference):
    text = extract_analysis_text(reference)
    assert not text.startswith("云湾通信")
    assert "76.18%" in text
    assert "指标" not in text.splitlines() and "数值" not in text.splitlines()
    assert extract_analysis_text(b"garbage") == ""


def test_refused_upload_still_lists_every_item_at_zero(daily, key):
    items = validate_word(b"", daily, key)
    assert len(items) == len(daily.word_checks) + len(daily.analysis_checks)
    assert all(i.points == 0 for i in items)
    assert "0 字节" in items[0].reason
