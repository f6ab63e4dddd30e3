"""Hostile file names: paths, drive letters, NUL bytes, endless names, markup and a person's
name. Files are stored by content hash only, the kept name has no path and no control
characters, pages show it escaped, and judges' downloads are named by seat."""
from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from markupsafe import escape
from sqlalchemy import select

from hostile_support import Terminal, assert_json_refusal, build_world, file_tree, staff
from report_support import task_files
from test_capture_content import make_clip
from test_hostile_uploads import multipart

NAMES = {
    "parent": b"../../etc/passwd.xlsx",
    "windows": b"..\\..\\Windows\\win.xlsx",
    "absolute": b"/etc/cron.d/evil.xlsx",
    "drive": b"C:\\Users\\Public\\evil.xlsx",
    "nul": b"evil\x00.sh\x00.xlsx",
    "control": b"a\tb\x1b[31m\x7f\x01.xlsx",
    "long": b"x" * 1_000 + b".xlsx",
    "markup": b"<script>alert(1)</script><img src=x onerror=alert(2)>.xlsx",
    "rtl": "报表\u202excod.xlsx".encode(),
    "person": "张三_江南商贸职业学校_报表.xlsx".encode(),
    "dots": b"....xlsx",
}
#: Names no browser sends (a raw line break ends the part's header; bytes that are not UTF-8):
#: refused as "no file" or kept clean, never stored as sent.
BROKEN = {"crlf": b"a\r\nContent-Type: text/html\r\n\r\n<b>.xlsx",
          "not_utf8": b"\xff\xfe\xed\xa0\x80.xlsx"}
UNSAFE = "/\\\x00\r\n\t\x1b\x7f\u202e\u200b\ufeff"


@pytest.fixture
def world(app):
    return build_world(app, kinds=("echo", "report"))


def send(terminal: Terminal, attempt_id: int, name: bytes, data: bytes) -> Any:
    return terminal.post(f"/m/report/api/attempts/{attempt_id}/files/xlsx",
                         data=multipart([(b"file", name, data)]),
                         content_type="multipart/form-data; boundary=hostile")


def upload(terminal: Terminal, attempt_id: int, name: bytes, data: bytes) -> dict:
    response = send(terminal, attempt_id, name, data)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["file"]


def outside(tmp_path: Path, before: dict[str, int]) -> list[str]:
    """New files anywhere under the test's parent folder, except the content store."""
    after = file_tree(tmp_path.parent)
    store = f"{tmp_path.name}/files/"
    return [path for path in set(after) - set(before) if not path.startswith(store)]


@pytest.mark.parametrize("case", sorted(NAMES))
def test_a_hostile_name_is_kept_without_path_or_control_characters(app, world, tmp_path,
                                                                     case):
    from contest.extensions import db
    from contest.models import StoredFile

    workbook, _ = task_files()
    terminal = Terminal(app, world.contest_id, "E0001")
    attempt_id = world.attempts["report"]["01"]
    before = file_tree(tmp_path.parent)
    stored = upload(terminal, attempt_id, NAMES[case], workbook)
    name = stored["name"]
    assert not any(char in name for char in UNSAFE), name
    assert len(name) <= 200 and name.endswith(".xlsx")
    assert outside(tmp_path, before) == []
    with app.app_context():
        row = db.session.execute(select(StoredFile)).scalar_one()
        assert row.original_name == name
        blob = Path(app.config["STORAGE_DIR"]) / row.storage_key
        assert row.storage_key == f"{row.sha256[:2]}/{row.sha256}" and blob.is_file()
        assert blob.resolve().is_relative_to(Path(app.config["STORAGE_DIR"]).resolve())
    page = terminal.client.get(f"/attempt/{attempt_id}").get_data(as_text=True)
    assert str(escape(name)) in page
    assert "<script>alert" not in page and "<img src=x" not in page


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_name_no_browser_sends_is_refused_or_cleaned(app, world, tmp_path, case):
    workbook, _ = task_files()
    terminal = Terminal(app, world.contest_id, "E0001")
    before = file_tree(tmp_path.parent)
    response = send(terminal, world.attempts["report"]["01"], BROKEN[case], workbook)
    if response.status_code == 200:
        name = response.get_json()["file"]["name"]
        assert not any(char in name for char in UNSAFE) and "<b>" not in name
    else:
        # The broken header turns the file into a plain field: no file, or NUL in a field.
        assert assert_json_refusal(response, 400)["error"] in ("no_file", "bad_request")
        assert file_tree(tmp_path.parent) == before
    assert outside(tmp_path, before) == []


def test_judges_download_by_seat_never_by_the_uploaded_name(app, world):
    workbook, document = task_files()
    terminal = Terminal(app, world.contest_id, "E0001")
    attempt_id = world.attempts["report"]["01"]
    upload(terminal, attempt_id, NAMES["person"], workbook)
    response = terminal.post(f"/m/report/api/attempts/{attempt_id}/files/docx",
                             data=multipart([(b"file", "张三的分析报告.docx".encode(),
                                              document)]),
                             content_type="multipart/form-data; boundary=hostile")
    assert response.status_code == 200
    assert terminal.post(f"/api/attempts/{attempt_id}/submit", {}).status_code == 200
    judge, _ = staff(app, "judge")
    session = world.sessions["report"]
    for slot, label in (("xlsx", "Excel工作簿"), ("docx", "Word报告")):
        download = judge.get(f"/m/report/sessions/{session}/seats/01/files/{slot}")
        assert download.status_code == 200
        disposition = download.headers["Content-Disposition"]
        assert "%E5%BC%A0%E4%B8%89" not in disposition and "张三" not in disposition
        assert f"filename*=UTF-8''{quote(f'赛位01_{label}.{slot}')}" in disposition
    seat_page = judge.get(f"/judge/sessions/{session}/seats/01").get_data(as_text=True)
    assert "张三" not in seat_page and "江南商贸职业学校" not in seat_page


def test_a_replaced_capture_recording_never_lands_outside_the_store(app, tmp_path):
    """The organizer's recording upload keeps only the suffix of the name it was given."""
    from test_capture_content import capture_settings, clip_set

    from support import gen_contest, gen_session, gen_staff

    root = clip_set(tmp_path / "set_f")
    with app.app_context():
        session_id = gen_session(gen_contest(), "capture", **capture_settings(root)).id
        gen_staff("organizer", "organizer")
    organizer, token = staff(app, "organizer")
    clip = make_clip(tmp_path / "replacement.mp3", 6.0, 660).read_bytes()
    before = file_tree(tmp_path.parent)
    for name in ("../../../../evil.mp3", "..\\..\\evil.mp3", "/tmp/evil.mp3",
                 "<b>录音</b>\x00.mp3"):
        response = organizer.post(f"/m/capture/sessions/{session_id}/recording",
                                  data={"csrf_token": token, "call": "a01",
                                        "recording": (io.BytesIO(clip), name)})
        assert response.status_code == 302
        preview = organizer.get(response.headers["Location"]).get_data(as_text=True)
        assert "已更换" in preview and "<b>录音</b>" not in preview
        source = re.search(r'muted">(上传:[^<]*)<', preview).group(1)
        assert not any(char in source for char in UNSAFE), source
    new = [path for path in set(file_tree(tmp_path.parent)) - set(before)]
    assert new and all(path.startswith(f"{tmp_path.name}/files/") for path in new), new
    assert not (tmp_path.parent.parent / "evil.mp3").exists()
