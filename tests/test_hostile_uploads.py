"""Property-based fuzzing of the upload endpoints: report files, voice chunks, roster and quiz
bank imports. Random, truncated and bit-flipped files under any name and any multipart shape
are refused without a server error, and a refusal stores nothing anywhere."""
from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hostile_bodies import FUZZ, MARKUP
from hostile_support import (Terminal, assert_json_answer, assert_json_refusal,
                             assert_page_answer, build_world, counts, file_tree, staff)
from report_support import task_files

NAMES = st.one_of(
    st.sampled_from(["报表.xlsx", "报告.docx", "../../etc/passwd", "..\\..\\x.xlsx",
                     "/etc/cron.d/x.xlsx", "C:\\Windows\\x.docx", "a\x00.xlsx", ".xlsx",
                     "x" * 400 + ".xlsx", "张三_江南商贸.xlsx", "x.XLSX", "x.xlsm", "x.docx.exe",
                     "\u202exslx.exe", "con.xlsx", "x.xlsx\r\nX-Injected: 1", "x.xlsx;.docx"]),
    st.text(max_size=30).map(lambda t: t + ".xlsx"),
    st.text(max_size=30).map(lambda t: t + ".docx"),
    st.sampled_from(MARKUP[:12]).map(lambda t: t + ".docx"),
)


@st.composite
def files(draw: Any) -> bytes:
    """Random bytes, or a real workbook/report truncated, bit-flipped or padded."""
    workbook, document = task_files()
    kind = draw(st.sampled_from(["random", "truncated", "flipped", "padded", "zip_prefix"]))
    if kind == "random":
        return draw(st.binary(max_size=2_000))
    real = draw(st.sampled_from([workbook, document]))
    if kind == "truncated":
        return real[:draw(st.integers(0, len(real) - 1))]
    if kind == "flipped":
        at = draw(st.integers(0, len(real) - 1))
        return real[:at] + bytes([real[at] ^ draw(st.integers(1, 255))]) + real[at + 1:]
    if kind == "padded":
        return draw(st.binary(min_size=1, max_size=100)) + real
    return b"PK\x03\x04" + draw(st.binary(max_size=500))


def multipart(parts: list[tuple[bytes, bytes, bytes]], boundary: bytes = b"hostile") -> bytes:
    """A multipart body written by hand, so field names and file names can be any bytes."""
    out = io.BytesIO()
    for field, filename, content in parts:
        out.write(b"--" + boundary + b"\r\nContent-Disposition: form-data; name=\"" + field
                  + b"\"; filename=\"" + filename + b"\"\r\nContent-Type: "
                  b"application/octet-stream\r\n\r\n" + content + b"\r\n")
    out.write(b"--" + boundary + b"--\r\n")
    return out.getvalue()


def encoded(name: str) -> bytes:
    return name.encode("utf-8", "surrogatepass")


@pytest.fixture
def world(app):
    return build_world(app, kinds=("echo", "report", "voice"))


def only_storage_grew(before: dict[str, int], after: dict[str, int]) -> list[str]:
    """Files that appeared anywhere other than the content-addressed store or voice staging."""
    return [path for path in set(after) - set(before)
            if not path.startswith(("files/", "staging/voice/"))]


@pytest.mark.parametrize("slot", ["xlsx", "docx"])
def test_report_uploads_refuse_broken_files_under_any_name(app, world, tmp_path, slot):
    terminal = Terminal(app, world.contest_id, "E0001")
    url = f"/m/report/api/attempts/{world.attempts['report']['01']}/files/{slot}"
    field = st.sampled_from([b"file", b"file", b"File", b"", b"file\"; x=\"y", b"files[]"])

    @settings(FUZZ, max_examples=60)
    @given(data=files(), name=NAMES, field=field, extra=st.booleans())
    def run(data, name, field, extra):
        before, tree = counts(app), file_tree(tmp_path)
        parts = [(field, encoded(name), data)] + ([(b"file", b"x.txt", b"x")] if extra else [])
        response = terminal.post(url, data=multipart(parts),
                                 content_type="multipart/form-data; boundary=hostile")
        body = assert_json_answer(response)
        if response.status_code >= 400:
            assert counts(app) == before and file_tree(tmp_path) == tree, body
        else:
            assert "/" not in body["file"]["name"] and "\\" not in body["file"]["name"]
            assert "\x00" not in body["file"]["name"]
        assert only_storage_grew(tree, file_tree(tmp_path)) == []
    run()


def test_report_upload_bodies_that_are_not_multipart(app, world):
    terminal = Terminal(app, world.contest_id, "E0001")
    url = f"/m/report/api/attempts/{world.attempts['report']['01']}/files/xlsx"
    types = st.sampled_from(["multipart/form-data", "multipart/form-data; boundary=",
                             "multipart/form-data; boundary=zz", "application/json",
                             "application/octet-stream", "text/plain", ""])

    @FUZZ
    @given(data=st.one_of(st.binary(max_size=500), files()), content_type=types)
    def run(data, content_type):
        before = counts(app)
        response = terminal.post(url, data=data, content_type=content_type)
        assert_json_refusal(response, 400, 413, 415, 422)
        assert counts(app) == before
    run()


def test_voice_takes_of_random_bytes_are_refused_whole(app, world, tmp_path):
    from contest.extensions import db
    from contest.models import VoiceUpload

    terminal = Terminal(app, world.contest_id, "E0001")
    attempt = world.attempts["voice"]["01"]
    numbers = iter(range(10_000))

    @settings(FUZZ, max_examples=40)
    @given(data=st.binary(min_size=1, max_size=3_000), pieces=st.integers(1, 6),
           honest=st.booleans())
    def run(data, pieces, honest):
        size = -(-len(data) // pieces)
        digest = hashlib.sha256(data if honest else data + b"!").hexdigest()
        started = terminal.post(f"/m/voice/api/attempts/{attempt}/uploads", {
            "recording": "outbound", "take_id": f"fuzz-take-{next(numbers):05d}",
            "size": len(data), "sha256": digest, "mime": "audio/webm"})
        upload_id = started.get_json()["upload_id"]
        before, tree = counts(app, ("stored_file", "answer_log", "current_answer")), \
            file_tree(tmp_path / "files")
        response = None
        for index in range(0, -(-len(data) // size)):
            response = terminal.post(
                f"/m/voice/api/attempts/{attempt}/uploads/{upload_id}/chunks/{index}",
                data=data[index * size:(index + 1) * size],
                content_type="application/octet-stream")
            if response.status_code != 200:
                break
        body = assert_json_refusal(response, 422)
        assert body["error"] == ("not_audio" if honest else "checksum")
        assert counts(app, ("stored_file", "answer_log", "current_answer")) == before
        assert file_tree(tmp_path / "files") == tree
        with app.app_context():
            assert db.session.get(VoiceUpload, upload_id).state == "refused"
        staging = tmp_path / "staging" / "voice" / str(upload_id)
        assert not staging.exists(), "a refused take left chunks behind"
    run()


@pytest.mark.parametrize("route", ["roster", "bank"])
def test_imports_refuse_random_workbooks_and_change_nothing(app, world, tmp_path, route):
    organizer, token = staff(app, "organizer")
    url = (f"/organizer/contests/{world.contest_id}/roster/import" if route == "roster"
           else "/organizer/bank/import")
    bank_dir = Path(app.config["QUESTION_BANK_DIRS"][0])

    @settings(FUZZ, max_examples=50)
    @given(data=files(), name=NAMES)
    def run(data, name):
        before = counts(app, ("contestant", "audit_entry", "answer_log"))
        tree = file_tree(tmp_path)
        body = multipart([(b"file", encoded(name), data),
                          (b"csrf_token", b"", token.encode())])
        body = body.replace(b'name="csrf_token"; filename=""\r\nContent-Type: '
                            b'application/octet-stream', b'name="csrf_token"')
        response = organizer.post(url, data=body,
                                  content_type="multipart/form-data; boundary=hostile")
        page = assert_page_answer(response)
        if response.status_code == 400:  # a name that broke the part's header: NUL in a field
            assert "无法识别的字符" in page
        else:
            assert response.status_code == 302, page[:300]
            page = organizer.get(response.headers["Location"]).get_data(as_text=True)
            assert "未导入" in page or "未执行" in page or "请选择" in page
        assert counts(app, ("contestant", "audit_entry", "answer_log")) == before
        assert file_tree(tmp_path) == tree
        assert not bank_dir.exists() or not any(bank_dir.iterdir())
    run()


def damaged_sheet(data: bytes, how: str) -> bytes:
    """The workbook with its first sheet broken the way a bad copy breaks it: a flipped byte
    under an intact directory (bad CRC), or XML cut short. load_workbook(read_only=True)
    still opens both; only reading the rows fails."""
    member = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = [(info.filename, source.read(info)) for info in source.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, content in entries:
            if name == member and how == "xml":
                content = content[:len(content) // 2]
            target.writestr(name, content, zipfile.ZIP_STORED if name == member
                            else zipfile.ZIP_DEFLATED)
    damaged = bytearray(out.getvalue())
    if how == "crc":
        with zipfile.ZipFile(io.BytesIO(bytes(damaged))) as archive:
            info = archive.getinfo(member)
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
        damaged[start + info.compress_size // 2] ^= 0x20
    return bytes(damaged)


@pytest.mark.parametrize("how", ["crc", "xml"])
@pytest.mark.parametrize("route", ["roster", "bank"])
def test_a_workbook_whose_sheet_is_damaged_is_refused_by_both_imports(app, world, route, how):
    from contest.services.roster import template_xlsx
    from question_bank.quiz_excel import bank_template_xlsx

    organizer, token = staff(app, "organizer")
    template = template_xlsx() if route == "roster" else bank_template_xlsx()
    url = (f"/organizer/contests/{world.contest_id}/roster/import" if route == "roster"
           else "/organizer/bank/import")
    response = organizer.post(url, data={"csrf_token": token, "file": (
        io.BytesIO(damaged_sheet(template, how)), "名单.xlsx")})
    assert response.status_code == 302
    page = organizer.get(response.headers["Location"]).get_data(as_text=True)
    assert "无法读取" in page
