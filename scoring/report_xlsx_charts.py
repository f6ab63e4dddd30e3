"""Charts read straight from the chart parts (DrawingML), whoever wrote them: type, title
and the ranges each series plots. openpyxl drops charts it cannot map, silently."""
from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from typing import Any

from defusedxml.ElementTree import fromstring

from scoring.report_xlsx_package import relationships, sheet_parts

C_NS = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A_NS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
PLOT_KINDS = {
    "barChart": "bar", "bar3DChart": "bar", "lineChart": "line", "line3DChart": "line",
    "pieChart": "pie", "pie3DChart": "pie", "ofPieChart": "pie", "doughnutChart": "doughnut",
    "areaChart": "area", "area3DChart": "area", "scatterChart": "scatter",
    "radarChart": "radar", "bubbleChart": "bubble", "stockChart": "stock",
    "surfaceChart": "surface", "surface3DChart": "surface",
}
KIND_NAMES = {"column": "柱形图", "bar": "条形图", "line": "折线图", "pie": "饼图",
              "doughnut": "圆环图", "area": "面积图", "scatter": "散点图", "radar": "雷达图"}


@dataclass(frozen=True)
class SeriesRefs:
    values: str
    categories: str
    name: str


@dataclass(frozen=True)
class ChartInfo:
    sheet: str
    part: str
    kinds: tuple[str, ...]
    title: str
    series: tuple[SeriesRefs, ...] = field(default_factory=tuple)


def _first(node: Any, *names: str) -> Any:
    for name in names:
        found = node.find(C_NS + name)
        if found is not None:
            return found
    return None


def _formula(node: Any) -> str:
    if node is None:
        return ""
    found = node.find(f".//{C_NS}f")
    return (found.text or "").strip() if found is not None else ""


def _title(chart: Any) -> str:
    title = chart.find(C_NS + "title")
    if title is None:
        return ""
    texts = [t.text or "" for t in title.iter(A_NS + "t")]
    texts += [v.text or "" for v in title.iter(C_NS + "v")]
    return "".join(texts).strip()


def _kind(plot: Any) -> str:
    local = plot.tag.replace(C_NS, "")
    kind = PLOT_KINDS.get(local, "")
    if kind == "bar":
        direction = plot.find(C_NS + "barDir")
        if direction is None or direction.get("val", "col") == "col":
            return "column"
    return kind


def parse_chart(xml: bytes, sheet: str, part: str) -> ChartInfo:
    root = fromstring(xml, forbid_dtd=True)
    chart = root.find(C_NS + "chart")
    plot_area = chart.find(C_NS + "plotArea") if chart is not None else None
    kinds: list[str] = []
    series: list[SeriesRefs] = []
    for plot in list(plot_area) if plot_area is not None else []:
        kind = _kind(plot)
        if not kind:
            continue
        kinds.append(kind)
        for ser in plot.findall(C_NS + "ser"):
            values = _first(ser, "val", "yVal")
            categories = _first(ser, "cat", "xVal")
            series.append(SeriesRefs(_formula(values), _formula(categories),
                                     _formula(ser.find(C_NS + "tx"))))
    return ChartInfo(sheet, part, tuple(kinds), _title(chart) if chart is not None else "",
                     tuple(series))


def read_charts(archive: zipfile.ZipFile) -> list[ChartInfo]:
    """Every chart on a worksheet or chart sheet, with the sheet it sits on."""
    charts: list[ChartInfo] = []
    for sheet in sheet_parts(archive):
        for drawing in relationships(archive, sheet.path).values():
            for target in relationships(archive, drawing).values():
                if "/charts/" in target and target in archive.NameToInfo:
                    charts.append(parse_chart(archive.read(target), sheet.name, target))
    return charts
