"""East Asian fonts and sizes of Word runs, resolved through styles and theme fonts, with
the Chinese size names (二号 = 22 pt, 小四 = 12 pt …) and font aliases teachers use."""
from __future__ import annotations

import re
from typing import Any

from lxml import etree

from scoring.report_docx_styles import StyleChain, first_found, w

A_NS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
THEME_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
DEFAULT_SIZE_PT = 10.0  # Word's size when no level says anything

CHINESE_SIZES = {
    "初号": 42.0, "小初": 36.0, "一号": 26.0, "小一": 24.0, "二号": 22.0, "小二": 18.0,
    "三号": 16.0, "小三": 15.0, "四号": 14.0, "小四": 12.0, "五号": 10.5, "小五": 9.0,
    "六号": 7.5, "小六": 6.5, "七号": 5.5, "八号": 5.0,
}
FONT_ALIASES = {
    "simsun": "宋体", "宋体": "宋体", "simhei": "黑体", "黑体": "黑体",
    "kaiti": "楷体", "楷体": "楷体", "kaiti_gb2312": "楷体", "楷体_gb2312": "楷体",
    "fangsong": "仿宋", "仿宋": "仿宋", "fangsong_gb2312": "仿宋", "仿宋_gb2312": "仿宋",
    "microsoftyahei": "微软雅黑", "微软雅黑": "微软雅黑", "nsimsun": "新宋体", "新宋体": "新宋体",
    "dengxian": "等线", "等线": "等线", "lisu": "隶书", "隶书": "隶书", "youyuan": "幼圆",
    "幼圆": "幼圆", "stsong": "华文宋体", "华文宋体": "华文宋体", "stheiti": "华文黑体",
    "华文黑体": "华文黑体", "stkaiti": "华文楷体", "华文楷体": "华文楷体",
}


def size_points(size: str | float) -> float:
    """'二号' → 22.0; '12' or 12 → 12.0."""
    if isinstance(size, (int, float)):
        return float(size)
    text = str(size).strip().removesuffix("pt").removesuffix("磅")
    return CHINESE_SIZES[text] if text in CHINESE_SIZES else float(text)


def size_name(points: float) -> str:
    names = [name for name, value in CHINESE_SIZES.items() if abs(value - points) < 0.01]
    return f"{names[0]}({points:g} 磅)" if names else f"{points:g} 磅"


def canonical_font(name: str | None) -> str | None:
    """'黑体;SimHei;sans-serif' → '黑体'; unknown names come back trimmed."""
    if not name:
        return None
    candidates = [part.strip() for part in str(name).split(";") if part.strip()]
    for candidate in candidates:
        known = FONT_ALIASES.get(candidate.replace(" ", "").lower())
        if known:
            return known
    return candidates[0] if candidates else None


class ThemeFonts:
    """The major/minor East Asian fonts of the document theme (eastAsiaTheme attributes)."""

    def __init__(self, theme_xml: bytes | None) -> None:
        self._fonts: dict[str, str] = {}
        if not theme_xml:
            return
        root = etree.fromstring(theme_xml, etree.XMLParser(resolve_entities=False, no_network=True))
        for kind in ("major", "minor"):
            node = root.find(f".//{A_NS}{kind}Font")
            if node is not None:
                self._fonts[kind] = _east_asian_typeface(node)

    def font(self, theme_attribute: str) -> str | None:
        kind = "major" if theme_attribute.startswith("major") else "minor"
        return self._fonts.get(kind) or None


def _east_asian_typeface(font_node: Any) -> str:
    ea = font_node.find(A_NS + "ea")
    if ea is not None and ea.get("typeface"):
        return ea.get("typeface")
    for script in font_node.findall(A_NS + "font"):
        if script.get("script") == "Hans":
            return script.get("typeface", "")
    return ""


def theme_of(document: Any) -> ThemeFonts:
    for rel in document.part.rels.values():
        if rel.reltype == THEME_REL and not rel.is_external:
            return ThemeFonts(rel.target_part.blob)
    return ThemeFonts(None)


class RunFonts:
    """Font questions about runs of one document."""

    def __init__(self, chain: StyleChain, theme: ThemeFonts) -> None:
        self.chain = chain
        self.theme = theme

    def _east_asia_at(self, level: Any) -> str | None:
        fonts = level.find(w("rFonts"))
        if fonts is None:
            return None
        themed = fonts.get(w("eastAsiaTheme"))
        if themed and self.theme.font(themed):
            return self.theme.font(themed)
        return fonts.get(w("eastAsia"))

    def east_asian_font(self, run: Any, paragraph: Any) -> str | None:
        levels = self.chain.run_levels(run, paragraph)
        return canonical_font(first_found(levels, self._east_asia_at))

    def size_pt(self, run: Any, paragraph: Any) -> float:
        def at(level: Any) -> float | None:
            node = level.find(w("sz"))
            value = node.get(w("val")) if node is not None else None
            return float(value) / 2 if value else None
        found = first_found(self.chain.run_levels(run, paragraph), at)
        return found if found is not None else DEFAULT_SIZE_PT


def text_runs(paragraph: Any) -> list[Any]:
    """Runs that print text, including those inside hyperlinks, fields and smart tags."""
    return [run for run in paragraph.iter(w("r"))
            if "".join(t.text or "" for t in run.iter(w("t"))).strip()]


def run_text(run: Any) -> str:
    return "".join(t.text or "" for t in run.iter(w("t")))
