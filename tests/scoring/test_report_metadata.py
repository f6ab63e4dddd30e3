"""Blind copies for judges: no author, editor, company or reviewer names survive."""
import io
import zipfile

import docx
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment

from scoring.office_safety import inspect_office_file, strip_identifying_metadata

NAME, SCHOOL = "王晓明", "滨江职业技术学校"


def named_docx() -> bytes:
    document = docx.Document()
    paragraph = document.add_paragraph("服务水平为 76.18%。")
    document.add_comment(paragraph.runs, text="请核对", author=NAME, initials="WXM")
    props = document.core_properties
    props.author, props.last_modified_by, props.title = NAME, NAME, f"{SCHOOL}报表"
    props.subject, props.keywords, props.comments = SCHOOL, NAME, SCHOOL
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src:
        extra = f"<Company>{SCHOOL}</Company><Manager>{NAME}</Manager></Properties>"
        app = src.read("docProps/app.xml").replace(b"</Properties>", extra.encode())
        schemas = "http://schemas.openxmlformats.org/officeDocument/2006"
        custom = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns='
                  f'"{schemas}/custom-properties" xmlns:vt="{schemas}/docPropsVTypes"><property '
                  'fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="考生"><vt:lpwstr>'
                  f'{NAME}</vt:lpwstr></property></Properties>').encode()
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                body = app if info.filename == "docProps/app.xml" else src.read(info)
                dst.writestr(info.filename, body)
            dst.writestr("docProps/custom.xml", custom)
    return out.getvalue()


def named_xlsx() -> bytes:
    wb = Workbook()
    wb.properties.creator, wb.properties.lastModifiedBy, wb.properties.title = NAME, NAME, SCHOOL
    wb.active["B4"] = 827
    wb.active["B4"].comment = Comment("自己算的", NAME)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def all_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "".join(z.read(n).decode("utf-8", "ignore")
                       for n in z.namelist() if n.endswith(".xml"))


def test_docx_names_are_all_gone_and_the_content_stays():
    original = named_docx()
    assert NAME in all_text(original) and SCHOOL in all_text(original)
    blind = strip_identifying_metadata(original, "docx")
    assert NAME not in all_text(blind)
    assert SCHOOL not in all_text(blind)
    assert "WXM" not in all_text(blind)
    reopened = docx.Document(io.BytesIO(blind))
    assert reopened.paragraphs[0].text == "服务水平为 76.18%。"
    assert reopened.core_properties.author == ""
    assert inspect_office_file(blind, "docx").ok


def test_xlsx_creator_and_comment_author_are_blanked():
    blind = strip_identifying_metadata(named_xlsx(), "xlsx")
    assert NAME not in all_text(blind)
    wb = load_workbook(io.BytesIO(blind))
    assert wb.active["B4"].value == 827
    assert wb.active["B4"].comment.text.startswith("自己算的")
    assert not wb.properties.creator
    assert inspect_office_file(blind, "xlsx").ok


def test_excel_note_signature_line_is_removed_with_the_author():
    """Excel starts every note with a bold "Name:" run; that run is a name too."""
    signed = named_xlsx()
    with zipfile.ZipFile(io.BytesIO(signed)) as src:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as dst:
            for info in src.infolist():
                body = src.read(info)
                if info.filename.startswith("xl/comments"):
                    body = body.replace(b"<text>", f"<text><r><t>{NAME}:</t></r>".encode(), 1)
                dst.writestr(info, body)
    assert NAME in all_text(out.getvalue())
    assert NAME not in all_text(strip_identifying_metadata(out.getvalue(), "xlsx"))
