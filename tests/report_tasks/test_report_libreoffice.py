"""Verdicts on real LibreOffice-saved files: cached formula values, LibreOffice's own style
structure, and the typical mistakes."""
import io
import re
import zipfile

import pytest

from report_tasks import load_task
from scoring.report_excel import validate_excel
from scoring.report_word import validate_word

pytestmark = pytest.mark.libreoffice


def by_key(items):
    return {item.key: item for item in items}


def lost(items):
    return {i.key: i.reason for i in items if not i.judged and i.points != i.max_points}


def freeze_like_excel(data: bytes, sheet_index: int, rows: int, cols: int) -> bytes:
    """LibreOffice headless drops view settings such as frozen panes (it has no view); put
    one back the way Excel stores it, scrolled away from the split as users leave it."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == f"xl/worksheets/sheet{sheet_index}.xml":
                pane = (f'<pane xSplit="{cols}" ySplit="{rows}" topLeftCell="C40" '
                        f'activePane="bottomRight" state="frozen"/>').encode()
                body = re.sub(rb"(<sheetView [^>]*>)", lambda m: m.group(1) + pane, body, count=1)
            dst.writestr(info, body)
    return out.getvalue()


def test_libreoffice_files_carry_cached_values_so_nothing_is_recomputed(lo_workbooks, daily_task):
    items = by_key(validate_excel(lo_workbooks["correct"], daily_task))
    assert items["xlsx.kpi.service_level"].detail["source"] == "cached"
    assert items["xlsx.kpi.service_level"].points == 0.5


def test_libreoffice_saved_correct_workbook_loses_only_the_dropped_freeze(lo_workbooks, daily_task):
    assert lost(validate_excel(lo_workbooks["correct"], daily_task)) == {
        "xlsx.freeze": "没有冻结窗格,应冻结 1 行 0 列"}
    frozen = freeze_like_excel(lo_workbooks["correct"], 6, rows=1, cols=0)
    assert lost(validate_excel(frozen, daily_task)) == {}


def test_agent_task_workbook_from_libreoffice(lo_workbooks):
    task = load_task("agent_perf_0918")
    frozen = freeze_like_excel(lo_workbooks["agents"], 5, rows=2, cols=1)
    items = validate_excel(frozen, task)
    assert lost(items) == {}
    assert by_key(items)["xlsx.chart"].reason.startswith("饼图正确")


def test_typed_constants_saved_by_libreoffice(lo_workbooks, daily_task):
    items = by_key(validate_excel(lo_workbooks["typed"], daily_task))
    assert "B6、B7、B8" in items["xlsx.formulas"].reason
    assert items["xlsx.kpi.service_level"].points == 0.5  # the typed value itself is right


def test_wrong_rounding_saved_by_libreoffice(lo_workbooks, daily_task):
    items = by_key(validate_excel(lo_workbooks["rounded"], daily_task))
    assert items["xlsx.kpi.asa"].points == 0 and "值为 14" in items["xlsx.kpi.asa"].reason
    assert items["xlsx.kpi.service_level"].points == 0
    assert items["xlsx.kpi.service_level"].detail["source"] == "cached"


def test_missing_chart_saved_by_libreoffice(lo_workbooks, daily_task):
    items = by_key(validate_excel(lo_workbooks["nochart"], daily_task))
    assert items["xlsx.chart"].reason == "工作簿中没有图表"


@pytest.mark.parametrize("name", ["fodt_correct", "docx_correct"])
def test_libreoffice_saved_correct_reports_get_every_machine_point(lo_documents, daily_task, name):
    items = validate_word(lo_documents[name], daily_task)
    assert lost(items) == {}


@pytest.mark.parametrize("name", ["fodt_song_title", "docx_song_title"])
def test_wrong_title_font_in_libreoffice_files(lo_documents, daily_task, name):
    items = by_key(validate_word(lo_documents[name], daily_task))
    assert items["docx.title_font"].points == 0
    assert "字体为宋体" in items["docx.title_font"].reason
    assert items["docx.body_font"].points == 0.5


@pytest.mark.parametrize("name", ["fodt_letter", "docx_letter"])
def test_letter_paper_in_libreoffice_files(lo_documents, daily_task, name):
    item = by_key(validate_word(lo_documents[name], daily_task))["docx.page_setup"]
    assert item.points == 0 and "Letter" in item.reason


def test_libreoffice_header_height_adds_to_the_word_margin(lo_documents, daily_task):
    """2.54 cm in LibreOffice's page dialog plus a header is 3.04 cm in Word: the file a
    teacher opens in Word or WPS has the wrong margin, and the reason shows the real value."""
    items = by_key(validate_word(lo_documents["fodt_header_in_margin"], daily_task))
    item = items["docx.page_setup"]
    assert item.points == 0 and "top 3.04" in item.reason and "left" not in item.reason


def test_libreoffice_drops_character_unit_indents(lo_documents, daily_task):
    """LibreOffice 7.4 ignores w:firstLineChars on import, so the saved file really has no
    indent; the verdict says so instead of trusting the source."""
    item = by_key(validate_word(lo_documents["docx_chars_indent"], daily_task))["docx.body_indent"]
    assert item.points == 0 and "首行缩进约 0.0 字符" in item.reason


def placeholder_cache(data: bytes, sheet_index: int, recalc_flag: bool) -> bytes:
    """What XlsxWriter-style writers save: 0 as every formula's cached result, plus (when
    they are honest) the flag asking the reader to recalculate."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == f"xl/worksheets/sheet{sheet_index}.xml":
                body = re.sub(rb"(</f>)<v>[^<]*</v>", rb"\1<v>0</v>", body)
            if info.filename == "xl/workbook.xml" and recalc_flag:
                body = re.sub(rb"<calcPr ", b'<calcPr fullCalcOnLoad="1" ', body)
            dst.writestr(info, body)
    return out.getvalue()


def test_placeholder_results_are_recomputed_when_the_file_asks_for_recalculation(
        lo_workbooks, daily_task):
    honest = by_key(validate_excel(placeholder_cache(lo_workbooks["correct"], 5, True), daily_task))
    assert honest["xlsx.kpi.service_level"].points == 0.5
    assert honest["xlsx.kpi.service_level"].detail["source"] == "evaluated"
    # Without the flag a cached result is believed, as Excel itself would show it.
    silent_file = placeholder_cache(lo_workbooks["correct"], 5, False)
    silent = by_key(validate_excel(silent_file, daily_task))
    detail = silent["xlsx.kpi.service_level"].detail
    assert (detail["actual"], detail["source"]) == (0.0, "cached")
