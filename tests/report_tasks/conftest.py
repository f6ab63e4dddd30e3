"""Session-wide fixtures that make real LibreOffice-saved workbooks and reports once, in a
couple of soffice runs, for every LibreOffice test."""
import base64
from pathlib import Path
from string import Template
from xml.sax.saxutils import escape

import pytest
from docx.oxml.ns import qn
from docx.shared import Cm

from report_tasks import load_task
from report_tasks.office_convert import convert_many, soffice_path
from report_tasks.png_chart import bar_chart_png
from report_tasks.solution_report import edited_report, solution_report
from report_tasks.solution_text import analysis_paragraphs
from report_tasks.solution_workbook import edited_workbook, solution_workbook
from scoring.report_spec import breakdown_members

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "report"
A4, LETTER = ("21cm", "29.7cm"), ("21.59cm", "27.94cm")


def _need_soffice():
    if soffice_path() is None:
        pytest.skip("LibreOffice (soffice) is not installed")


@pytest.fixture(scope="session")
def daily_task():
    return load_task("daily_kpi_0611")


@pytest.fixture(scope="session")
def lo_workbooks(daily_task):
    """LibreOffice-saved workbooks (cached formula values, LibreOffice's styles)."""
    _need_soffice()
    key = daily_task.answer_key()
    correct = solution_workbook(daily_task)

    def typed(wb):
        for row, name in ((6, "answer_rate"), (7, "abandon_rate"), (8, "service_level")):
            wb["KPI汇总"][f"B{row}"] = key[name]

    def rounded(wb):
        ws = wb["KPI汇总"]
        ws["B9"] = "=ROUND(" + ws["B9"].value[1:] + ",0)"
        ws["B8"] = "=ROUND(" + ws["B8"].value[1:] + ",2)"

    agent_task = load_task("agent_perf_0918")
    sources = {
        "correct.xlsx": correct,
        "typed.xlsx": edited_workbook(correct, typed),
        "rounded.xlsx": edited_workbook(correct, rounded),
        "nochart.xlsx": solution_workbook(daily_task, skip=("xlsx.chart",)),
        "agents.xlsx": solution_workbook(agent_task),
    }
    return convert_many(sources, "xlsx:Calc MS Excel 2007 XML")


def fodt_report(task, title_font="黑体", paper=A4, margin="2.04cm") -> bytes:
    """The flat-ODT fixture filled in for ``task``. In LibreOffice the header and footer sit
    inside the page margin, and its .docx export adds their 0.5 cm to Word's margin: 2.04 cm
    here becomes Word's 2.54 cm."""
    key = task.answer_key()
    table_spec = next(s for s in task.word_checks if s.type == "kpi_table")
    rows = [("指标", "数值")] + [(task.kpis[n].label, task.kpis[n].display(key[n]))
                                for n in table_spec.param("kpis")]
    cells = "".join(
        "<table:table-row>" + "".join(
            f'<table:table-cell table:style-name="TblCell" office:value-type="string">'
            f'<text:p text:style-name="Caption1">{escape(text)}</text:p></table:table-cell>'
            for text in row) + "</table:table-row>" for row in rows)
    body = [f'<text:p text:style-name="ReportBody">{escape(p)}</text:p>'
            for p in analysis_paragraphs(task, key)]
    slots = breakdown_members(key, "slot", "offered")
    picture = bar_chart_png([key[f"slot.{s}.offered"] for s in slots])
    template = Template((FIXTURES / "daily_report.fodt").read_text(encoding="utf-8"))
    title = next(s for s in task.word_checks if s.type == "title_text").param("text")
    header = next(s for s in task.word_checks if s.type == "header_text").param("text")
    return template.substitute(
        title=escape(title), title_font=title_font, page_width=paper[0], page_height=paper[1],
        margin=margin,
        header_text=escape(header), table_rows=cells, first_paragraph=body[0],
        other_paragraphs="".join(body[1:]), picture=base64.b64encode(picture).decode(),
    ).encode("utf-8")


@pytest.fixture(scope="session")
def lo_documents(daily_task):
    """LibreOffice-saved reports: from the .fodt fixture and from python-docx output."""
    _need_soffice()
    reference = solution_report(daily_task, via_styles=True, indent_unit="points")

    def song_title(document):
        document.paragraphs[0].runs[0].element.rPr.find(qn("w:rFonts")).set(qn("w:eastAsia"), "宋体")

    def letter(document):
        document.sections[0].page_width, document.sections[0].page_height = Cm(21.59), Cm(27.94)

    sources = {
        "fodt_correct.fodt": fodt_report(daily_task),
        "fodt_song_title.fodt": fodt_report(daily_task, title_font="宋体"),
        "fodt_letter.fodt": fodt_report(daily_task, paper=LETTER),
        "fodt_header_in_margin.fodt": fodt_report(daily_task, margin="2.54cm"),
        "docx_correct.docx": reference,
        "docx_song_title.docx": edited_report(reference, song_title),
        "docx_letter.docx": edited_report(reference, letter),
        "docx_chars_indent.docx": solution_report(daily_task, via_styles=True, indent_unit="chars"),
    }
    return convert_many(sources, "docx:MS Word 2007 XML")
