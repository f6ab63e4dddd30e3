"""The Excel chart check: the required chart type, its title, and the data it plots."""
from __future__ import annotations

from dataclasses import dataclass

from openpyxl.utils.cell import range_boundaries

from scoring.report_excel_checks import ExcelContext
from scoring.report_results import Verdict, clean_text, failed, passed
from scoring.report_spec import CheckSpec
from scoring.report_xlsx_charts import KIND_NAMES, ChartInfo, SeriesRefs
from scoring.report_xlsx_package import normalise_name

#: Found the right type, title, plotted range: shares of the item's points.
TYPE_SHARE, TITLE_SHARE, RANGE_SHARE = 0.5, 0.25, 0.25


@dataclass(frozen=True)
class Area:
    sheet: str
    min_col: int
    min_row: int
    max_col: int
    max_row: int


def parse_area(reference: str) -> Area | None:
    """"'时段分析'!$B$2:$B$25" → Area; None for anything else (names, literals, unions)."""
    if "!" not in reference or "," in reference:
        return None
    sheet, _, cells = reference.strip("()").rpartition("!")
    try:
        bounds = range_boundaries(cells.replace("$", ""))
    except ValueError:
        return None
    if None in bounds:
        return None
    min_col, min_row, max_col, max_row = bounds
    name = normalise_name(sheet.strip("'").replace("''", "'"))
    return Area(name, min_col, min_row, max_col, max_row)


def covers(found: str, wanted: str) -> bool:
    """Same sheet and column(s); the rows cover the wanted rows, plus at most the header row
    above them (a series name taken from the header is fine)."""
    have, want = parse_area(found), parse_area(wanted)
    if have is None or want is None:
        return False
    return (have.sheet == want.sheet and have.min_col == want.min_col
            and have.max_col == want.max_col and want.min_row - 1 <= have.min_row <= want.min_row
            and have.max_row == want.max_row)


def _plots(series: SeriesRefs, values: str, categories: str | None) -> bool:
    if not covers(series.values, values):
        return False
    return not categories or covers(series.categories, categories)


def _score(chart: ChartInfo, spec: CheckSpec) -> tuple[float, list[str]]:
    kind, title = str(spec.param("chart_type")), str(spec.param("title", ""))
    values, categories = str(spec.param("values")), spec.param("categories")
    score, notes = 0.0, []
    if kind in chart.kinds:
        score += TYPE_SHARE
    else:
        notes.append("图表类型是" + "、".join(KIND_NAMES.get(k, k) for k in chart.kinds)
                     + f",应为{KIND_NAMES.get(kind, kind)}")
    if title and clean_text(title) in clean_text(chart.title):
        score += TITLE_SHARE
    else:
        notes.append(f"图表标题是“{chart.title}”,应为“{title}”" if chart.title else "图表没有标题")
    if any(_plots(s, values, categories) for s in chart.series):
        score += RANGE_SHARE
    else:
        shown = ";".join(f"{s.values} / {s.categories}" for s in chart.series) or "无数据系列"
        notes.append(f"数据区域是 {shown},应为数值 {values}、分类 {categories}")
    return score, notes


def check_chart(ctx: ExcelContext, spec: CheckSpec) -> Verdict:
    kind = KIND_NAMES.get(str(spec.param("chart_type")), str(spec.param("chart_type")))
    rule = (f"插入{kind},标题“{spec.param('title')}”,数值 {spec.param('values')},"
            f"分类 {spec.param('categories')}")
    if not ctx.view.charts:
        return failed("工作簿中没有图表", rule, charts=[])
    scored = [(_score(chart, spec), chart) for chart in ctx.view.charts]
    (score, notes), best = max(scored, key=lambda item: item[0][0])
    detail = {"sheet": best.sheet, "kinds": list(best.kinds), "title": best.title,
              "series": [[s.values, s.categories] for s in best.series], "charts": len(scored)}
    if not notes:
        return passed(f"{kind}正确(位于“{best.sheet}”)", rule, **detail)
    return Verdict(score, ";".join(notes), rule, detail)
