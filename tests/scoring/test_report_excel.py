"""Excel validation on workbooks written by openpyxl (no cached values: pycel evaluates),
correct and with the mistakes contestants typically make."""
import datetime
import json

import pytest
from openpyxl.chart import LineChart, Reference
from openpyxl.styles import Border

from report_tasks import load_task
from report_tasks.solution_workbook import edited_workbook as mutate
from report_tasks.solution_workbook import solution_workbook
from scoring.report_excel import validate_excel
from scoring.report_formulas import FormulaLimits
from scoring.types import ItemResult


@pytest.fixture(scope="module")
def daily():
    return load_task("daily_kpi_0611")


@pytest.fixture(scope="module")
def daily_solution(daily):
    return solution_workbook(daily)


def by_key(items: list[ItemResult]) -> dict[str, ItemResult]:
    return {item.key: item for item in items}


def test_reference_solution_without_cached_values_gets_full_marks(daily, daily_solution):
    items = validate_excel(daily_solution, daily)
    assert [i.key for i in items] == [s.key for s in daily.excel_checks]
    assert all(i.group == "excel" and not i.judged for i in items)
    lost = [(i.key, i.reason) for i in items if i.points != i.max_points]
    assert lost == []
    assert sum(i.points for i in items) == 15
    assert by_key(items)["xlsx.kpi.service_level"].detail["source"] == "evaluated"


def test_agent_task_solution_gets_full_marks_too():
    task = load_task("agent_perf_0918")
    items = validate_excel(solution_workbook(task), task)
    assert [(i.key, i.reason) for i in items if i.points != i.max_points] == []


@pytest.fixture(scope="module")
def careless(daily, daily_solution):
    """Typed numbers instead of formulas, a sheet name with a space, one-decimal percents,
    no freeze panes, no chart."""
    key = daily.answer_key()

    def change(wb):
        ws = wb["KPI汇总"]
        for row, name in ((4, "offered"), (6, "answer_rate"), (8, "service_level")):
            ws[f"B{row}"] = key[name]
        ws["B6"].number_format = "0.0%"
        ws.title = "KPI 汇总"
        wb["时段分析"].freeze_panes = None
        wb["时段分析"]._charts.clear()
    return by_key(validate_excel(mutate(daily_solution, change), daily))


def test_typed_constants_lose_the_formula_item_but_keep_correct_values(careless):
    assert careless["xlsx.formulas"].points == pytest.approx(1.0 * 9 / 12, abs=0.01)
    assert "直接键入数值" in careless["xlsx.formulas"].reason
    assert "B4" in careless["xlsx.formulas"].reason
    assert careless["xlsx.kpi.service_level"].points == 0.5


def test_sheet_name_with_a_space_loses_only_the_name_item(careless):
    assert careless["xlsx.sheet_name"].points == 0
    assert "写成了“KPI 汇总”" in careless["xlsx.sheet_name"].reason
    assert careless["xlsx.title_text"].points == 0.5


def test_wrong_percent_decimals_missing_freeze_and_chart_are_reported(careless):
    assert careless["xlsx.format.percent"].points < 0.75
    assert "B6(0.0%)" in careless["xlsx.format.percent"].reason
    assert careless["xlsx.freeze"].reason.startswith("没有冻结窗格")
    assert careless["xlsx.chart"].points == 0 and "没有图表" in careless["xlsx.chart"].reason


@pytest.fixture(scope="module")
def sloppy(daily, daily_solution):
    """Rounded too early, percent typed as a whole number, IVR calls counted as offered,
    one missing border, title not merged, a line chart instead of columns."""
    def change(wb):
        ws = wb["KPI汇总"]
        ws["B8"] = "=ROUND(" + ws["B8"].value[1:] + ",2)"
        ws["B6"] = "=" + ws["B6"].value[1:] + "*100"
        ws["B4"] = "=COUNTA(呼叫明细!A2:A901)"
        ws["C10"].border = Border()
        ws.unmerge_cells("A1:C1")
        slots = wb["时段分析"]
        slots._charts.clear()
        chart = LineChart()
        chart.title = "各时段呼入量"
        chart.add_data(Reference(slots, min_col=2, min_row=2, max_row=25))
        chart.set_categories(Reference(slots, min_col=1, min_row=2, max_row=25))
        slots.add_chart(chart, "G2")
    return by_key(validate_excel(mutate(daily_solution, change), daily))


def test_rounding_to_two_decimals_of_the_fraction_is_wrong(sloppy, daily):
    item = sloppy["xlsx.kpi.service_level"]
    assert item.points == 0
    assert "值为 0.76" in item.reason and "76.18%" in item.reason


def test_percent_times_hundred_gets_a_specific_hint(sloppy):
    assert "乘了 100" in sloppy["xlsx.kpi.answer_rate"].reason


def test_counting_every_row_as_offered_is_wrong(sloppy, daily):
    item = sloppy["xlsx.kpi.offered"]
    assert item.points == 0
    assert item.detail["actual"] == 900 and item.detail["expected"] == daily.answer_key()["offered"]


def test_missing_border_and_unmerged_title_are_found(sloppy):
    assert "C10" in sloppy["xlsx.borders"].reason
    assert 0 < sloppy["xlsx.borders"].points < 0.5
    assert "没有合并" in sloppy["xlsx.title_merge"].reason


def test_line_chart_instead_of_column_chart_keeps_title_and_range_shares(sloppy):
    chart = sloppy["xlsx.chart"]
    assert chart.points == pytest.approx(1.25 * 0.5)
    assert "折线图" in chart.reason and "柱形图" in chart.reason


def test_circular_reference_is_reported_not_raised(daily, daily_solution):
    def change(wb):
        ws = wb["KPI汇总"]
        ws["B9"] = "=B10+1"
        ws["B10"] = "=B9+1"
    items = by_key(validate_excel(mutate(daily_solution, change), daily))
    assert "循环引用" in items["xlsx.kpi.asa"].reason
    assert "needs_review" in items["xlsx.kpi.asa"].flags


def test_hostile_huge_range_is_refused_before_evaluation(daily, daily_solution):
    def change(wb):
        wb["KPI汇总"]["B9"] = "=SUM(呼叫明细!A1:XFD1048576)"
    items = by_key(validate_excel(mutate(daily_solution, change), daily))
    assert "区域过大" in items["xlsx.kpi.asa"].reason


def test_string_doubling_bomb_is_stopped_by_the_sandbox(daily, daily_solution):
    """=C2&C2 down 40 rows would need 4 TB; the child process hits its memory cap."""
    def change(wb):
        ws = wb["KPI汇总"]
        ws["B9"] = "=LEN(E1)"
        ws["E40"] = "abcdefgh"
        for row in range(1, 40):
            ws[f"E{row}"] = f"=E{row + 1}&E{row + 1}"
    limits = FormulaLimits(timeout_s=60, memory_mb=300)
    items = by_key(validate_excel(mutate(daily_solution, change), daily, formula_limits=limits))
    assert items["xlsx.kpi.asa"].points == 0
    assert "needs_review" in items["xlsx.kpi.asa"].flags
    assert any(word in items["xlsx.kpi.asa"].reason for word in ("MemoryError", "内存", "超过"))
    assert items["xlsx.kpi.service_level"].points == 0.5  # the other cells still evaluate


def test_a_time_typed_into_a_kpi_cell_is_wrong_and_detail_stays_json(daily, daily_solution):
    def change(wb):
        wb["KPI汇总"]["B9"] = datetime.time(0, 0, 14)
    items = validate_excel(mutate(daily_solution, change), daily)
    asa = by_key(items)["xlsx.kpi.asa"]
    assert asa.points == 0 and "不是数值" in asa.reason
    assert json.loads(json.dumps([i.to_json() for i in items], ensure_ascii=False))


def test_unsafe_upload_scores_zero_everywhere_with_the_refusal(daily):
    items = validate_excel(b"not a workbook", daily)
    assert len(items) == len(daily.excel_checks)
    assert all(i.points == 0 and "file_refused" in i.flags for i in items)
    assert "不是有效的 Office 文件" in items[0].reason
