"""Word content checks: the KPI table against the key, a chart or picture, the analysis
length and the key figures its prose cites."""
from __future__ import annotations

from typing import Mapping

from scoring.report_numbers import cited_in, first_number, table_value_matches
from scoring.report_results import Verdict, clean_text, failed, listing, passed, share
from scoring.report_spec import CheckSpec, KpiSpec, kpi_spec_for
from scoring.report_word_checks import WordContext

Grid = list[list[str]]


def _shadowing_names(kpi: KpiSpec, kpis: Mapping[str, KpiSpec]) -> list[str]:
    """Longer KPI names that contain this one ('外呼接通率' shadows '接通率')."""
    own = {clean_text(n) for n in kpi.names}
    return [clean_text(n) for other in kpis.values() if other.name != kpi.name
            for n in other.names
            if any(o in clean_text(n) and o != clean_text(n) for o in own)]


def label_matches(cell: str, kpi: KpiSpec, kpis: Mapping[str, KpiSpec]) -> bool:
    text = clean_text(cell)
    if not any(clean_text(name) in text for name in kpi.names):
        return False
    return not any(longer in text for longer in _shadowing_names(kpi, kpis))


def value_near(grid: Grid, row: int, col: int) -> str | None:
    """The number right of a label, else the one below it (tables laid out either way)."""
    for text in grid[row][col + 1:]:
        if first_number(text) is not None:
            return text
    if row + 1 < len(grid) and col < len(grid[row + 1]) and first_number(grid[row + 1][col]):
        return grid[row + 1][col]
    return None


def find_value(grids: list[Grid], kpi: KpiSpec, kpis: Mapping[str, KpiSpec]) -> str | None:
    for grid in grids:
        for r, row in enumerate(grid):
            for c, cell in enumerate(row):
                if label_matches(cell, kpi, kpis):
                    found = value_near(grid, r, c)
                    if found is not None:
                        return found
    return None


def check_kpi_table(ctx: WordContext, spec: CheckSpec) -> Verdict:
    names = [str(n) for n in spec.param("kpis")]
    kpis = ctx.task.kpis
    rule = "表格中列出" + "、".join(kpis[n].label for n in names) + ",数值与工作簿一致"
    grids = ctx.view.tables()
    if not grids:
        return failed("文档中没有表格", rule)
    wrong, found = [], {}
    for name in names:
        text = find_value(grids, kpis[name], kpis)
        found[name] = text
        if text is None:
            wrong.append(f"缺少{kpis[name].label}")
        elif not table_value_matches(first_number(text), kpis[name], ctx.key[name]):
            wrong.append(f"{kpis[name].label}为“{text}”(应为 {kpis[name].display(ctx.key[name])})")
    if not wrong:
        return passed(f"{len(names)} 项指标全部正确", rule, found=found)
    return share(len(names) - len(wrong), len(names), listing(wrong, 4), rule,
                 found=found, wrong=wrong)


def check_picture(ctx: WordContext, spec: CheckSpec) -> Verdict:
    rule = "插入图表或图片"
    counts = ctx.view.pictures()
    if any(counts.values()):
        return passed("已插入图表或图片", rule, **counts)
    return failed("文档中没有图表或图片", rule, **counts)


def check_analysis_length(ctx: WordContext, spec: CheckSpec) -> Verdict:
    minimum = int(spec.param("min_chars"))
    rule = f"分析文字不少于 {minimum} 字(不含空格、不含表格)"
    text = ctx.view.analysis_text()
    count = len("".join(text.split()))
    if count >= minimum:
        return passed(f"分析文字 {count} 字", rule, chars=count)
    return failed(f"分析文字只有 {count} 字,少于 {minimum} 字", rule, chars=count)


def check_key_figures(ctx: WordContext, spec: CheckSpec) -> Verdict:
    figures, needed = [str(f) for f in spec.param("figures")], int(spec.param("min_cited"))
    rule = f"分析中正确引用至少 {needed} 项关键数据(" + "、".join(
        kpi_spec_for(f, ctx.task.kpis).label for f in figures) + ")"
    text = ctx.view.analysis_text()
    cited = {}
    for name in figures:
        number = cited_in(text, kpi_spec_for(name, ctx.task.kpis), ctx.key[name])
        if number is not None:
            cited[name] = number.text
    labels = [kpi_spec_for(n, ctx.task.kpis).label for n in cited]
    if len(cited) >= needed:
        return passed("引用了" + "、".join(labels), rule, cited=cited)
    return failed(f"只正确引用了 {len(cited)} 项" + (":" + "、".join(labels) if labels else ""),
                  rule, cited=cited)
