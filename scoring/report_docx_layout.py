"""Paragraph layout (alignment, line spacing, first-line indent) resolved through styles,
and page layout (paper, orientation, margins, headers, page-number fields)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scoring.report_docx_styles import StyleChain, child_attribute, first_found, w

TWIPS_PER_CM = 1440 / 2.54
PAPERS_MM = {"A4": (210, 297), "A3": (297, 420), "B5": (176, 250), "Letter": (215.9, 279.4),
             "Legal": (215.9, 355.6)}
ALIGN_NAMES = {"left": "左对齐", "start": "左对齐", "center": "居中", "right": "右对齐",
               "end": "右对齐", "both": "两端对齐", "distribute": "分散对齐", "justify": "两端对齐"}
IND_ATTRIBUTES = ("firstLine", "firstLineChars", "hanging", "hangingChars")


def alignment(chain: StyleChain, paragraph: Any) -> str:
    found = first_found(chain.paragraph_levels(paragraph), child_attribute("jc", "val"))
    found = found or "left"
    return {"start": "left", "end": "right", "justify": "both"}.get(found, found)


@dataclass(frozen=True)
class LineSpacing:
    rule: str  # "auto" (multiple of single), "exact" or "atLeast"
    line: int  # 240ths of a line for auto, twips otherwise

    @property
    def multiple(self) -> float | None:
        return self.line / 240 if self.rule == "auto" else None

    @property
    def points(self) -> float | None:
        return self.line / 20 if self.rule != "auto" else None

    def describe(self) -> str:
        if self.rule == "auto":
            return f"{self.line / 240:g} 倍行距"
        return f"{'固定值' if self.rule == 'exact' else '最小值'} {self.line / 20:g} 磅"


def line_spacing(chain: StyleChain, paragraph: Any) -> LineSpacing:
    levels = chain.paragraph_levels(paragraph)
    line = first_found(levels, child_attribute("spacing", "line"))
    rule = first_found(levels, child_attribute("spacing", "lineRule")) or "auto"
    return LineSpacing(rule, int(float(line)) if line else 240)


@dataclass(frozen=True)
class FirstLineIndent:
    chars: float | None  # from w:firstLineChars (hundredths of a character)
    twips: float         # from w:firstLine; negative for a hanging indent

    def in_chars(self, font_size_pt: float) -> float:
        """Word gives the *Chars attribute precedence; otherwise twips ÷ one character."""
        if self.chars is not None:
            return self.chars
        return self.twips / (font_size_pt * 20) if font_size_pt else 0.0


def _indent_at(level: Any) -> dict[str, str] | None:
    node = level.find(w("ind"))
    if node is None:
        return None
    values = {name: node.get(w(name)) for name in IND_ATTRIBUTES if node.get(w(name)) is not None}
    return values or None


def first_line_indent(chain: StyleChain, paragraph: Any) -> FirstLineIndent:
    values = first_found(chain.paragraph_levels(paragraph), _indent_at) or {}
    if "hangingChars" in values or "hanging" in values:
        hanging = float(values.get("hanging", 0))
        chars = values.get("hangingChars")
        return FirstLineIndent(-float(chars) / 100 if chars else None, -hanging)
    chars = values.get("firstLineChars")
    return FirstLineIndent(float(chars) / 100 if chars else None, float(values.get("firstLine", 0)))


@dataclass(frozen=True)
class PageSetup:
    width_twips: float
    height_twips: float
    orientation: str
    margins_cm: dict[str, float]

    @property
    def landscape(self) -> bool:
        return self.orientation == "landscape" or self.width_twips > self.height_twips

    def paper_name(self) -> str:
        short, long = sorted((self.width_twips, self.height_twips))
        short_mm, long_mm = short / TWIPS_PER_CM * 10, long / TWIPS_PER_CM * 10
        for name, (width_mm, height_mm) in PAPERS_MM.items():
            if abs(short_mm - width_mm) < 2 and abs(long_mm - height_mm) < 2:
                return name
        return f"{short / TWIPS_PER_CM:.1f}×{long / TWIPS_PER_CM:.1f} 厘米"


def page_setups(body: Any) -> list[PageSetup]:
    """One PageSetup per section (section breaks inside paragraphs, then the body's last)."""
    sections = [p.find(w("sectPr")) for p in body.iter(w("pPr"))] + [body.find(w("sectPr"))]
    setups = []
    for sect in (s for s in sections if s is not None):
        size, margins = sect.find(w("pgSz")), sect.find(w("pgMar"))
        width = float(size.get(w("w"), 11906)) if size is not None else 11906.0
        height = float(size.get(w("h"), 16838)) if size is not None else 16838.0
        orient = size.get(w("orient"), "portrait") if size is not None else "portrait"
        cm = {side: float(margins.get(w(side), 0)) / TWIPS_PER_CM if margins is not None else 0.0
              for side in ("top", "bottom", "left", "right")}
        setups.append(PageSetup(width, height, orient, cm))
    return setups


def header_footer_parts(document: Any) -> list[tuple[str, Any]]:
    """("header"|"footer", root element) of every header and footer the sections use."""
    parts = []
    for section in document.sections:
        for kind in ("header", "footer"):
            for variant in ("", "first_page_", "even_page_"):
                block = getattr(section, f"{variant}{kind}")
                if not block.is_linked_to_previous:
                    parts.append((kind, block._element))
    unique = {id(element): (kind, element) for kind, element in parts}
    return list(unique.values())


def part_text(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(w("t")))


def has_page_field(element: Any) -> bool:
    """PAGE / NUMPAGES fields, simple or complex, also inside content controls."""
    instructions = [f.get(w("instr"), "") for f in element.iter(w("fldSimple"))]
    instructions += [t.text or "" for t in element.iter(w("instrText"))]
    return any(text.strip().upper().startswith(("PAGE", "NUMPAGES"))
               or " PAGE " in f" {text.upper()} " for text in instructions)
