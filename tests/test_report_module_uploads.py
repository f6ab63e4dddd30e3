"""Hostile, broken and late uploads: each refused with a clear Chinese reason, nothing stored
half-way, memory bounded, never a server error; a refused file leaves the last good one."""
from __future__ import annotations

import io
import tracemalloc
import zipfile
from datetime import timedelta

import pytest

from contest import clock
from contest.extensions import db
from contest.models import ModuleSession
from contest.services.answers import current_answers
from contest.services.sessions import pause_session
from report_support import Terminal, report_world, stored_nothing, task_files
from support import post_json

MiB = 1024 * 1024
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<root>&lol3;</root>"""


@pytest.fixture
def report(app):
    return report_world(app)


def rebuild(data: bytes, replace=None, add=None) -> bytes:
    """Copy a package, replacing or adding members."""
    replace, add = replace or {}, add or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, replace.get(info.filename, src.read(info)))
        for name, body in add.items():
            dst.writestr(name, body)
    return out.getvalue()


def zip_bomb(data: bytes) -> bytes:
    """300 MB of zeros deflated to about 300 KB, inside an otherwise real workbook."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info))
        with dst.open("xl/worksheets/sheet99.xml", "w", force_zip64=True) as stream:
            for _ in range(300):
                stream.write(b"\0" * MiB)
    return out.getvalue()


def macro_enabled(data: bytes, slot: str) -> bytes:
    """A .xlsm/.docm (macro content type and a VBA project) renamed to .xlsx/.docx."""
    folder, main = ("xl", b"spreadsheetml.sheet.main+xml") if slot == "xlsx" else \
        ("word", b"wordprocessingml.document.main+xml")
    macro = (b"ms-excel.sheet.macroEnabled.main+xml" if slot == "xlsx"
             else b"ms-word.document.macroEnabled.main+xml")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        types = archive.read("[Content_Types].xml").replace(main, macro)
    return rebuild(data, {"[Content_Types].xml": types},
                   {f"{folder}/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1VBA"})


def encrypted(data: bytes) -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt("123456", out)
    return out.getvalue()


def hostile_files() -> list[tuple[str, str, str, str, str]]:
    """(id, slot, file name, maker name, words the refusal must contain)."""
    return [
        ("zip-bomb", "xlsx", "报表.xlsx", "zip_bomb", "压缩炸弹"),
        ("entity-bomb-xlsx", "xlsx", "报表.xlsx", "entity_xlsx", "实体"),
        ("entity-bomb-docx", "docx", "报告.docx", "entity_docx", "实体"),
        ("macro-xlsx", "xlsx", "报表.xlsx", "macro_xlsx", "宏"),
        ("macro-docx", "docx", "报告.docx", "macro_docx", "宏"),
        ("encrypted-xlsx", "xlsx", "报表.xlsx", "encrypted_xlsx", "加密"),
        ("encrypted-docx", "docx", "报告.docx", "encrypted_docx", "加密"),
        ("not-a-zip", "xlsx", "报表.xlsx", "not_zip", "不是有效的 Office 文件"),
        ("pdf", "docx", "报告.docx", "pdf", "PDF"),
        ("truncated", "xlsx", "报表.xlsx", "truncated", "不完整或已损坏"),
        ("empty", "docx", "报告.docx", "empty", "0 字节"),
        ("word-as-excel", "xlsx", "报表.xlsx", "docx_as_xlsx", "Word"),
        ("old-xls-name", "xlsx", "报表.xls", "good_xlsx", "旧版 Excel 文件"),
        ("xlsm-name", "xlsx", "报表.xlsm", "good_xlsx", "含宏的工作簿"),
        ("no-extension", "docx", "报告", "good_docx", "没有扩展名"),
        ("text-file", "docx", "报告.txt", "good_docx", ".txt 文件"),
        ("unreadable", "xlsx", "报表.xlsx", "no_styles", "无法打开"),
    ]


def make(maker: str) -> bytes:
    workbook, document = task_files()
    makers = {
        "zip_bomb": lambda: zip_bomb(workbook),
        "entity_xlsx": lambda: rebuild(workbook, {"xl/workbook.xml": BILLION_LAUGHS}),
        "entity_docx": lambda: rebuild(document, {"word/document.xml": BILLION_LAUGHS}),
        "macro_xlsx": lambda: macro_enabled(workbook, "xlsx"),
        "macro_docx": lambda: macro_enabled(document, "docx"),
        "encrypted_xlsx": lambda: encrypted(workbook),
        "encrypted_docx": lambda: encrypted(document),
        "not_zip": lambda: "呼入量,接通量\n812,760\n".encode(),
        "pdf": lambda: b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n",
        "truncated": lambda: workbook[: len(workbook) // 2],
        "empty": lambda: b"",
        "docx_as_xlsx": lambda: document,
        "good_xlsx": lambda: workbook,
        "good_docx": lambda: document,
        "no_styles": lambda: rebuild(workbook, {"xl/styles.xml": b"<styleSheet/>"}),
    }
    return makers[maker]()


@pytest.mark.parametrize("slot,name,maker,words",
                         [case[1:] for case in hostile_files()],
                         ids=[case[0] for case in hostile_files()])
def test_hostile_and_broken_files_are_refused_and_nothing_is_stored(app, report, slot, name,
                                                                    maker, words):
    terminal = Terminal(app, report["contest_id"], "E0001")
    attempt_id = report["attempts"]["01"]
    tracemalloc.start()
    response = terminal.upload(attempt_id, slot, make(maker), name)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    body = response.get_json()
    assert 400 <= response.status_code < 500, (response.status_code, body)
    assert body["ok"] is False and words in body["message"], body
    assert peak < 40 * MiB, f"{peak / MiB:.0f} MB while refusing"
    assert stored_nothing(app, attempt_id)


@pytest.mark.parametrize("setting,words", [("REPORT_MAX_UPLOAD_BYTES", "文件过大"),
                                            ("MAX_CONTENT_LENGTH", "提交的内容过大")])
def test_oversize_file_is_refused_by_the_module_or_the_app_limit(app, report, setting, words):
    app.config[setting] = 60_000
    workbook, _ = task_files()
    terminal = Terminal(app, report["contest_id"], "E0001")
    response = terminal.upload(report["attempts"]["01"], "xlsx", workbook, "报表.xlsx")
    assert response.status_code == 413 and words in response.get_json()["message"]
    assert stored_nothing(app, report["attempts"]["01"])


def test_a_post_without_a_file_is_refused(app, report):
    terminal = Terminal(app, report["contest_id"], "E0001")
    response = terminal.client.post(f"/m/report/api/attempts/{report['attempts']['01']}"
                                    "/files/xlsx", data={},
                                    headers={"X-CSRFToken": terminal.token})
    assert response.status_code == 400 and "请先选择" in response.get_json()["message"]


def test_a_refused_upload_leaves_the_last_good_file(app, report):
    workbook, _ = task_files()
    terminal = Terminal(app, report["contest_id"], "E0001")
    attempt_id = report["attempts"]["01"]
    good = terminal.upload(attempt_id, "xlsx", workbook, "报表.xlsx").get_json()["file"]
    bad = terminal.upload(attempt_id, "xlsx", make("zip_bomb"), "新报表.xlsx")
    assert bad.status_code == 422
    with app.app_context():
        assert current_answers(attempt_id) == {"file:xlsx": good}


def test_uploads_after_the_deadline_or_during_a_pause_are_refused(app, report):
    workbook, document = task_files()
    terminal = Terminal(app, report["contest_id"], "E0001")
    attempt_id = report["attempts"]["01"]
    with app.app_context():
        pause_session(db.session.get(ModuleSession, report["session_id"]), "停电", "test")
        db.session.commit()
    clock.travel(timedelta(seconds=30))
    paused = terminal.upload(attempt_id, "docx", document, "报告.docx")
    assert paused.status_code == 409 and "暂停" in paused.get_json()["message"]
    late = Terminal(app, report["contest_id"], "E0002")
    clock.travel(timedelta(minutes=61))
    response = late.upload(report["attempts"]["02"], "xlsx", workbook, "报表.xlsx")
    assert response.status_code == 409 and "作答时间已到" in response.get_json()["message"]
    assert stored_nothing(app, attempt_id) and stored_nothing(app, report["attempts"]["02"])


def test_another_seats_attempt_is_not_found(app, report):
    workbook, _ = task_files()
    other = Terminal(app, report["contest_id"], "E0002")
    response = other.upload(report["attempts"]["01"], "xlsx", workbook, "报表.xlsx")
    assert response.status_code == 404
    assert stored_nothing(app, report["attempts"]["01"])


def test_files_cannot_be_autosaved(app, report):
    terminal = Terminal(app, report["contest_id"], "E0001")
    attempt_id = report["attempts"]["01"]
    data = post_json(terminal.client, f"/api/attempts/{attempt_id}/answers", {"items": [
        {"key": "file:xlsx", "seq": 1, "value": {"file_id": 1, "name": "x.xlsx"}}]},
        terminal.token).get_json()
    assert data["acked"] == [] and data["rejected"][0]["code"] == "server_only"
    assert stored_nothing(app, attempt_id)
