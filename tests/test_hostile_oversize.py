"""Oversized requests: above MAX_CONTENT_LENGTH every POST route answers 413 with a Chinese
message, and above an endpoint's own limit its own refusal; nothing is written half-way."""
from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest

from hostile_support import (CHINESE, Terminal, build_world, client_for, counts,
                             dump_database, file_tree, staff)
from test_capture_content import clip_set
from test_hostile_csrf import post_routes, roles_allowed, url_for_role

LIMIT = 64 * 1024


@pytest.fixture
def world(app, tmp_path):
    return build_world(app, clips=clip_set(tmp_path / "set_o"))


def assert_too_large(response) -> None:
    assert response.status_code == 413, response.status_code
    if response.mimetype == "application/json":
        body = response.get_json()
        assert body["ok"] is False and body["error"] and CHINESE.search(body["message"])
    else:
        assert "提交的内容过大" in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["anonymous", "contestant", "judge", "chief_judge",
                                  "organizer"])
def test_every_post_route_refuses_a_body_above_the_app_limit(app, world, tmp_path, role):
    app.config["MAX_CONTENT_LENGTH"] = LIMIT
    client, token = client_for(app, world, role)
    database, files = dump_database(app), file_tree(tmp_path)
    big = b"x" * (LIMIT + 1)
    for rule in post_routes(app):
        if role not in roles_allowed(app, rule.endpoint):
            continue
        url = url_for_role(rule, world)
        headers = {"X-CSRFToken": token}
        assert_too_large(client.post(url, data=big, content_type="application/json",
                                     headers=headers))
        assert_too_large(client.post(url, headers=headers, data={
            "csrf_token": token, "file": (io.BytesIO(big), "big.xlsx")}))
        assert_too_large(client.post(url, headers=headers, data={
            "csrf_token": token, "message": big.decode(), "reason": "x"}))
    assert dump_database(app) == database
    assert file_tree(tmp_path) == files


def test_the_default_limit_holds_for_a_real_33_mib_upload(app, world, tmp_path):
    terminal = Terminal(app, world.contest_id, "E0001")
    before, files = counts(app), file_tree(tmp_path)
    body = io.BytesIO(b"PK\x03\x04" + bytes(app.config["MAX_CONTENT_LENGTH"] + 1024 * 1024))
    response = terminal.post(f"/m/report/api/attempts/{world.attempts['report']['01']}"
                             "/files/xlsx", data={"file": (body, "报表.xlsx")},
                             content_type="multipart/form-data")
    assert_too_large(response)
    assert counts(app) == before and file_tree(tmp_path) == files


def test_each_endpoint_refuses_above_its_own_limit(app, world, tmp_path):
    from contest.modules.voice.uploads import MAX_CHUNK_BYTES, max_bytes

    terminal = Terminal(app, world.contest_id, "E0001")
    before, files = counts(app), file_tree(tmp_path)
    save = terminal.post(f"/api/attempts/{world.attempts['echo']['01']}/answers", {
        "items": [{"key": "e1", "seq": 1, "value": "x" * app.config["MAX_SAVE_BYTES"]}]})
    assert save.status_code == 413 and save.get_json()["error"] == "too_large"
    app.config["REPORT_MAX_UPLOAD_BYTES"] = 1000
    report = terminal.post(f"/m/report/api/attempts/{world.attempts['report']['01']}"
                           "/files/docx", data={"file": (io.BytesIO(bytes(1001)), "报告.docx")},
                           content_type="multipart/form-data")
    assert report.status_code == 413 and "文件过大" in report.get_json()["message"]
    voice = world.attempts["voice"]["01"]
    declared = max_bytes({"max_seconds": 300}) + 1
    start = terminal.post(f"/m/voice/api/attempts/{voice}/uploads", {
        "recording": "inbound", "take_id": "too-large-take", "size": declared,
        "sha256": "e" * 64, "mime": "audio/webm"})
    assert start.status_code == 413 and "录音文件过大" in start.get_json()["message"]
    data = bytes(MAX_CHUNK_BYTES + 1)
    upload = terminal.post(f"/m/voice/api/attempts/{voice}/uploads", {
        "recording": "inbound", "take_id": "big-chunk-take", "size": len(data) + 10,
        "sha256": hashlib.sha256(data).hexdigest(), "mime": "audio/webm"}).get_json()
    chunk = terminal.post(f"/m/voice/api/attempts/{voice}/uploads/{upload['upload_id']}"
                          "/chunks/0", data=data, content_type="application/octet-stream")
    assert chunk.status_code == 413 and chunk.get_json()["error"] == "chunk_too_large"
    assert chunk.get_json()["next"] == 0
    after = counts(app)
    assert after["voice_upload"] == before["voice_upload"] + 1  # the started upload only
    assert {k: v for k, v in after.items() if k != "voice_upload"} == \
        {k: v for k, v in before.items() if k != "voice_upload"}
    staged = Path(tmp_path / "staging" / "voice" / str(upload["upload_id"]))
    assert not staged.exists() or not any(staged.iterdir())
    assert {path for path in file_tree(tmp_path) if not path.startswith("staging/")} == \
        set(files)


@pytest.mark.parametrize("route", ["roster", "bank"])
def test_imports_refuse_a_file_above_five_mib_with_a_message(app, world, route):
    """Forms for people answer with the page and a message, as every organizer form does."""
    organizer, token = staff(app, "organizer")
    url = (f"/organizer/contests/{world.contest_id}/roster/import" if route == "roster"
           else "/organizer/bank/import")
    before = counts(app, ("contestant", "audit_entry"))
    response = organizer.post(url, data={"csrf_token": token, "file": (
        io.BytesIO(b"PK\x03\x04" + bytes(5 * 1024 * 1024)), "名单.xlsx")})
    assert response.status_code == 302
    page = organizer.get(response.headers["Location"]).get_data(as_text=True)
    assert "文件过大(上限 5 MB)" in page
    assert counts(app, ("contestant", "audit_entry")) == before
    bank = Path(app.config["QUESTION_BANK_DIRS"][0])
    assert not bank.exists() or not any(bank.iterdir())
