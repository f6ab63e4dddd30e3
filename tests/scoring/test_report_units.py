"""Small pieces of the report checks: written numbers, number formats, chart ranges,
row labels, XML prologs and the formula guard."""
import pytest
from openpyxl import Workbook

from scoring.report_excel_chart import covers
from scoring.report_excel_checks import format_decimals
from scoring.report_excel_values import references_cells
from scoring.report_formulas import FormulaLimits, scan_workbook
from scoring.report_numbers import prose_cites, table_value_matches, written_numbers
from scoring.report_results import clean_label
from scoring.report_spec import KpiSpec, split_cells
from scoring.report_zip_checks import _prolog_has_dtd

SL = KpiSpec("service_level", "服务水平", percent=True, decimals=2)
ASA = KpiSpec("asa", "平均应答速度", decimals=1, unit="秒")


def test_written_numbers_keep_their_decimals_and_percent_signs():
    found = written_numbers("服务水平 76.18%,ASA 14.4秒,共 1,234 通,差 3.8 个百分点,目标80％")
    assert [(n.value, n.decimals, n.percent) for n in found] == [
        (76.18, 2, True), (14.4, 1, False), (1234, 0, False), (3.8, 1, True), (80, 0, True)]


@pytest.mark.parametrize("text, ok", [("76.18%", True), ("76.18", True), ("0.7618", True),
                                      ("76.2%", False), ("76.17%", False)])
def test_table_values_follow_the_tasks_precision(text, ok):
    assert table_value_matches(written_numbers(text)[0], SL, 0.761789) is ok


@pytest.mark.parametrize("text, ok", [("76.18%", True), ("76.2%", True), ("76%", True),
                                      ("77%", False), ("76.18", False)])
def test_prose_may_round_but_must_round_correctly(text, ok):
    assert prose_cites(written_numbers(text)[0], SL, 0.761789) is ok


def test_kpi_display_and_tolerance():
    assert SL.display(0.761789) == "76.18%" and ASA.display(14.4135) == "14.4秒"
    assert SL.matches(0.7618, 0.761789) and not SL.matches(0.76, 0.761789)
    assert ASA.matches(14.4, 14.4135) and not ASA.matches(14.5, 14.4135)


@pytest.mark.parametrize("code, parsed", [
    ("0.00%", (True, 2)), ("0.0%", (True, 1)), ("#,##0.0_ ", (False, 1)), ("0", (False, 0)),
    ('0.0"秒"', (False, 1)), ("[Red]0.00%;-0.00%", (True, 2)), ("General", None),
])
def test_number_format_codes(code, parsed):
    assert format_decimals(code) == parsed


@pytest.mark.parametrize("found, ok", [
    ("'时段分析'!$B$2:$B$25", True), ("时段分析!$B$1:$B$25", True), ("时段分析!$B$3:$B$25", False),
    ("时段分析!$C$2:$C$25", False), ("KPI汇总!$B$2:$B$25", False), ("", False),
])
def test_chart_range_may_include_the_header_but_not_miss_data(found, ok):
    assert covers(found, "时段分析!B2:B25") is ok


def test_slot_labels_compare_across_writing_styles():
    assert clean_label("8:00～8:30") == clean_label("08:00-08:30") == clean_label(" 08:00 — 08:30 ")
    assert clean_label("10:00-10:30") != clean_label("08:00-08:30")


def test_cell_lists_expand_row_by_row():
    assert split_cells(["B4", "C5:D6"]) == ["B4", "C5", "D5", "C6", "D6"]


def test_formulas_of_typed_numbers_do_not_count_as_formulas():
    assert references_cells("=COUNTIF(呼叫明细!R2:R901,\"是\")/B4")
    assert not references_cells("=627/827")


@pytest.mark.parametrize("head, verdict", [
    (b'<?xml version="1.0"?><!-- c --><root/>', False),
    (b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "b">]><root/>', True),
    (b'<?xml version="1.0"?><!-- never closed', None),
    ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x><r/>'.encode("utf-16"), True),
])
def test_prolog_scanner(head, verdict):
    assert _prolog_has_dtd(head) is verdict


def test_formula_guard_refuses_dynamic_and_huge_references():
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "=SUM(B:B)"
    assert scan_workbook(wb, FormulaLimits()) is None  # whole columns clip to the used rows
    ws["A2"] = "=INDIRECT(\"B\"&C1)"
    assert scan_workbook(wb, FormulaLimits()).code == "dynamic"
    ws["A2"] = "=SUM(B1:Z100000)"
    assert scan_workbook(wb, FormulaLimits()).code == "huge_range"


def relocated_strings_workbook() -> bytes:
    """A workbook whose shared-string table is not at xl/sharedStrings.xml (legal, rare)."""
    import io
    import zipfile

    wb = Workbook()
    wb.active.title = "KPI汇总"
    wb.active["A3"] = "指标名称"
    source = io.BytesIO()
    wb.save(source)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source.getvalue())) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info).replace(b"sharedStrings.xml", b"strings/table1.xml")
            name = info.filename.replace("xl/sharedStrings.xml", "xl/strings/table1.xml")
            dst.writestr(name, body)
    return out.getvalue()


def test_light_copy_finds_shared_strings_through_relationships():
    import io

    from openpyxl import load_workbook

    from scoring.report_xlsx_package import light_copy

    data = relocated_strings_workbook()
    assert load_workbook(io.BytesIO(data))["KPI汇总"]["A3"].value == "指标名称"
    light = load_workbook(io.BytesIO(light_copy(data, ["KPI汇总"])))
    assert light["KPI汇总"]["A3"].value == "指标名称"
