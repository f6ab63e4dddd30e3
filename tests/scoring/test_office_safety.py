"""Hostile and broken uploads are refused with a clear Chinese reason, never an exception,
and without decompressing what they claim to hold."""
import io
import tracemalloc
import zipfile

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from scoring.office_safety import SafetyLimits, inspect_office_file

MiB = 1024 * 1024


def xlsx_bytes() -> bytes:
    wb = Workbook()
    wb.active["A1"] = "呼入量"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


def rebuild(data: bytes, replace=None, add=None, drop=()) -> bytes:
    """Copy a package, replacing, adding or dropping members."""
    replace, add = replace or {}, add or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename not in drop:
                dst.writestr(info.filename, replace.get(info.filename, src.read(info)))
        for name, body in add.items():
            dst.writestr(name, body)
    return out.getvalue()


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    """A real bomb: 300 MB of zeros deflated to about 300 KB inside a valid-looking xlsx."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes())) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info))
        with dst.open("xl/worksheets/sheet2.xml", "w", force_zip64=True) as stream:
            chunk = b"\0" * MiB
            for _ in range(300):
                stream.write(chunk)
    return out.getvalue()


def assert_refused(verdict, code):
    assert not verdict.ok
    assert verdict.details["code"] == code
    assert verdict.reason_zh and any("\u4e00" <= ch <= "\u9fff" for ch in verdict.reason_zh)
    return verdict.reason_zh


def test_plain_files_from_openpyxl_and_python_docx_pass():
    assert inspect_office_file(xlsx_bytes(), "xlsx").ok
    assert inspect_office_file(docx_bytes(), "docx").ok


def test_zip_bomb_is_refused_from_the_directory_without_decompressing(zip_bomb):
    assert len(zip_bomb) < 2 * MiB
    tracemalloc.start()
    verdict = inspect_office_file(zip_bomb, "xlsx")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "压缩炸弹" in assert_refused(verdict, "zip_bomb")
    assert peak < 4 * MiB, f"inspection allocated {peak} bytes"


def test_high_ratio_member_is_refused_even_under_the_total_limit():
    bomb = rebuild(xlsx_bytes(), add={"xl/media/zeros.bin": b"\0" * (8 * MiB)})
    assert "压缩比" in assert_refused(inspect_office_file(bomb, "xlsx"), "zip_bomb")


def test_too_many_members_is_refused():
    many = rebuild(xlsx_bytes(), add={f"xl/media/p{i}.png": b"x" for i in range(1200)})
    assert_refused(inspect_office_file(many, "xlsx"), "zip_bomb")


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">&lol3;</workbook>"""


@pytest.mark.parametrize("part",
                         ["xl/workbook.xml", "xl/worksheets/sheet1.xml", "[Content_Types].xml"])
def test_entity_bomb_in_any_xml_part_is_refused(part):
    bomb = rebuild(xlsx_bytes(), replace={part: BILLION_LAUGHS})
    assert "实体" in assert_refused(inspect_office_file(bomb, "xlsx"), "xml_dtd")


def test_dtd_hidden_behind_a_long_comment_is_still_found():
    dtd_and_root = BILLION_LAUGHS.split(b"?>", 1)[1]
    sneaky = b'<?xml version="1.0"?><!--' + b"x" * 20000 + b"-->" + dtd_and_root
    bomb = rebuild(xlsx_bytes(), replace={"xl/styles.xml": sneaky})
    assert_refused(inspect_office_file(bomb, "xlsx"), "xml_dtd")


def test_macro_workbook_renamed_to_xlsx_is_refused():
    data = xlsx_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        types = z.read("[Content_Types].xml").replace(
            b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml")
    macro = rebuild(data, replace={"[Content_Types].xml": types}, add={"xl/vbaProject.bin": b"VBA"})
    assert "宏" in assert_refused(inspect_office_file(macro, "xlsx"), "macro")


def test_vba_project_alone_is_enough_to_refuse_a_docx():
    macro = rebuild(docx_bytes(), add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"})
    assert "宏" in assert_refused(inspect_office_file(macro, "docx"), "macro")


def test_password_protected_file_is_reported_as_encrypted():
    msoffcrypto = pytest.importorskip("msoffcrypto.format.ooxml")
    out = io.BytesIO()
    msoffcrypto.OOXMLFile(io.BytesIO(xlsx_bytes())).encrypt("abc123", out)
    assert "加密" in assert_refused(inspect_office_file(out.getvalue(), "xlsx"), "encrypted")


def test_old_binary_formats_are_named():
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500
    fake_xls = header + "Workbook".encode("utf-16-le")
    fake_doc = header + "WordDocument".encode("utf-16-le")
    assert ".xls" in assert_refused(inspect_office_file(fake_xls, "xlsx"), "legacy_format")
    assert ".doc" in assert_refused(inspect_office_file(fake_doc, "docx"), "legacy_format")


@pytest.mark.parametrize("data, code", [
    (b"", "empty"),
    (b"just some text, not a zip", "not_zip"),
    (b"%PDF-1.7 something", "not_zip"),
])
def test_non_office_bytes_are_refused(data, code):
    assert_refused(inspect_office_file(data, "xlsx"), code)


def test_truncated_zip_is_refused():
    data = xlsx_bytes()
    assert_refused(inspect_office_file(data[: len(data) // 2], "xlsx"), "corrupt")


def test_member_with_damaged_data_fails_its_crc():
    data = bytearray(docx_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("word/styles.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 50
    data[start:start + 8] = b"\xff" * 8
    assert_refused(inspect_office_file(bytes(data), "docx"), "corrupt")


def test_oversize_upload_is_refused_by_its_length():
    verdict = inspect_office_file(xlsx_bytes(), "xlsx", SafetyLimits(max_bytes=1000))
    assert "过大" in assert_refused(verdict, "oversize")


def test_wrong_kind_is_named_both_ways():
    assert "Word" in assert_refused(inspect_office_file(docx_bytes(), "xlsx"), "wrong_kind")
    assert "Excel" in assert_refused(inspect_office_file(xlsx_bytes(), "docx"), "wrong_kind")


def test_opendocument_upload_gets_a_save_as_hint():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    assert ".xlsx" in assert_refused(inspect_office_file(out.getvalue(), "xlsx"), "opendocument")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4000), st.integers(min_value=0, max_value=6000))
def test_never_raises_on_random_or_mangled_input(noise, cut):
    base = xlsx_bytes()
    for data in (noise, base[:cut] + noise, noise + base):
        verdict = inspect_office_file(data, "xlsx")
        assert isinstance(verdict.ok, bool)
        assert verdict.ok or verdict.reason_zh
