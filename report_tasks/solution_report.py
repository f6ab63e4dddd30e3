"""A perfect Word report for any task, built from its Word check specs with python-docx.

``via_styles=True`` puts fonts, spacing and indent in paragraph styles instead of on runs,
the way LibreOffice and WPS store them, so the validators' style resolution is exercised.
"""
from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any, Callable, Mapping

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from report_tasks.png_chart import bar_chart_png
from report_tasks.solution_text import analysis_paragraphs
from scoring.report_docx_fonts import size_points
from scoring.report_spec import CheckSpec, breakdown_members

if TYPE_CHECKING:
    from report_tasks.model import ReportTask

PAPER_CM = {"A4": (21.0, 29.7), "Letter": (21.59, 27.94)}
ALIGN = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT}


def _spec(task: "ReportTask", kind: str) -> CheckSpec | None:
    return next((s for s in task.word_checks if s.type == kind), None)


def set_east_asian(target: Any, font: str, size: str | float, bold: bool = False) -> None:
    """Font on a run or a style: East Asian name via w:rFonts, which python-docx lacks."""
    target.font.size = Pt(size_points(size))
    target.font.bold = bold or None
    rpr = target.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), font)


def _indent_chars(paragraph_format_element: Any, chars: float) -> None:
    ppr = paragraph_format_element.get_or_add_pPr()
    ind = ppr.find(qn("w:ind"))
    if ind is None:
        ind = OxmlElement("w:ind")
        ppr.append(ind)
    ind.set(qn("w:firstLineChars"), str(int(chars * 100)))


def _page(document: Any, task: "ReportTask") -> None:
    spec = _spec(task, "page_setup")
    section = document.sections[0]
    width, height = PAPER_CM[spec.param("paper", "A4") if spec else "A4"]
    section.page_width, section.page_height = Cm(width), Cm(height)
    for side, value in dict(spec.param("margins_cm") or {} if spec else {}).items():
        setattr(section, f"{side}_margin", Cm(float(value)))
    header = _spec(task, "header_text")
    if header is not None:
        section.header.paragraphs[0].text = str(header.param("text"))
    if _spec(task, "page_number") is not None:
        _page_field(section.footer.paragraphs[0])


def _page_field(paragraph: Any) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    steps = (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None))
    for kind, text in steps:
        run = paragraph.add_run()
        if kind:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._r.append(field)
        elif text == " PAGE ":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)
        else:
            run.text = text


def _indent_points(target: Any, chars: float, font: CheckSpec | None) -> None:
    """The other way programs store '2 字符': a twips first-line indent of 2 × font size
    (LibreOffice before 7.6 keeps only this one)."""
    size = size_points(font.param("size")) if font is not None else 12.0
    target.paragraph_format.first_line_indent = Pt(chars * size)


def _body_style(document: Any, task: "ReportTask", via_styles: bool, indent_unit: str) -> Any:
    kinds = ("body_font", "body_line_spacing", "body_indent")
    font, spacing, indent = (_spec(task, kind) for kind in kinds)
    style = document.styles.add_style("报告正文", WD_STYLE_TYPE.PARAGRAPH) if via_styles else None
    def format_paragraph(paragraph: Any) -> None:
        target = style if style is not None else paragraph
        if spacing is not None and spacing.param("multiple"):
            target.paragraph_format.line_spacing = float(spacing.param("multiple"))
        elif spacing is not None:
            target.paragraph_format.line_spacing = Pt(float(spacing.param("exact_pt")))
        if indent is not None and indent_unit == "points":
            _indent_points(target, float(indent.param("chars", 2)), font)
        elif indent is not None:
            _indent_chars(target.element if style is not None else paragraph._p,
                          float(indent.param("chars", 2)))
        runs = [style] if style is not None else paragraph.runs
        for run in runs:
            if font is not None:
                set_east_asian(run, str(font.param("font")), font.param("size"))
    return style, format_paragraph


def _kpi_table(document: Any, task: "ReportTask", key: Mapping[str, float]) -> None:
    spec = _spec(task, "kpi_table")
    if spec is None:
        return
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "指标", "数值"
    for name in spec.param("kpis"):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = task.kpis[name].label, task.kpis[name].display(key[name])


def _picture(document: Any, key: Mapping[str, float]) -> None:
    slots = breakdown_members(key, "slot", "offered")
    agents = [n for n in key if n.startswith("agent.") and n.endswith(".answered")]
    values = [key[f"slot.{s}.offered"] for s in slots] or [key[n] for n in agents] or [1.0]
    document.add_picture(io.BytesIO(bar_chart_png(values)), width=Cm(14))
    document.add_paragraph("图1 数据分布示意图").alignment = WD_ALIGN_PARAGRAPH.CENTER


def solution_report(task: "ReportTask", via_styles: bool = False,
                    indent_unit: str = "chars") -> bytes:
    """``indent_unit`` "chars" writes w:firstLineChars, "points" a twips indent."""
    key = task.answer_key()
    document = Document()
    _page(document, task)
    title_spec, font_spec = _spec(task, "title_text"), _spec(task, "title_font")
    title = document.add_paragraph()
    run = title.add_run(str(title_spec.param("text")) if title_spec else task.title)
    if font_spec is not None:
        set_east_asian(run, str(font_spec.param("font")), font_spec.param("size"), bold=True)
    align = _spec(task, "title_align")
    title.alignment = ALIGN[str(align.param("align", "center")) if align else "center"]
    style, format_paragraph = _body_style(document, task, via_styles, indent_unit)
    paragraphs = analysis_paragraphs(task, key)
    for number, text in enumerate(paragraphs):
        paragraph = document.add_paragraph(text, style=style)
        format_paragraph(paragraph)
        if number == 0:
            _kpi_table(document, task, key)
            if _spec(task, "picture") is not None:
                _picture(document, key)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def edited_report(data: bytes, change: Callable[[Any], None]) -> bytes:
    """``data`` opened with python-docx, changed in place by ``change``, saved again."""
    document = Document(io.BytesIO(data))
    change(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
