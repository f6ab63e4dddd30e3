"""Access across seats: a contestant who edits ids in URLs and payloads (another seat's
attempt, another module's attempt, another seat's clip token or upload, another contest's
notice) gets 404 and changes nothing; requests into a session that is paused or over are
refused."""
from __future__ import annotations

import io
import re
from typing import Any

import pytest

from contest.access import CONTESTANT, is_static, roles_of
from hostile_support import (Terminal, assert_json_refusal, assert_page_answer, build_world,
                             dump_database, file_tree)
from test_capture_content import clip_set

SECRET = "第二赛位的秘密答案"


@pytest.fixture
def world(app, tmp_path):
    return build_world(app, clips=clip_set(tmp_path / "set_s"))


@pytest.fixture
def seats(app, world):
    """Seat 01 (the intruder) and seat 02 (with answers saved), both logged in."""
    mine, theirs = (Terminal(app, world.contest_id, exam) for exam in ("E0001", "E0002"))
    for kind, key in (("echo", "e1"), ("voice", "script:inbound")):
        saved = theirs.post(f"/api/attempts/{world.attempts[kind]['02']}/answers",
                            {"items": [{"key": key, "seq": 1, "value": SECRET}]})
        assert saved.get_json()["acked"]
    return mine, theirs


def contestant_rules(app: Any) -> list[Any]:
    with app.test_request_context():
        return [rule for rule in app.url_map.iter_rules()
                if not is_static(rule.endpoint) and "<int:attempt_id>" in rule.rule
                and CONTESTANT in (roles_of(rule.endpoint) or ())]


def fill(rule: Any, attempt_id: int, upload_id: int = 1) -> str:
    def value(match: re.Match) -> str:
        converter, args, name = match.groups()
        if converter == "any":
            return args.split(",")[0].strip()
        return str({"attempt_id": attempt_id, "upload_id": upload_id, "index": 0}[name])
    return re.sub(r"<(?:(\w+)(?:\(([^)]*)\))?:)?(\w+)>", value, rule.rule)


def hit(client: Any, token: str, rule: Any, url: str) -> list[Any]:
    responses = []
    for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
        if method == "GET":
            responses.append(client.get(url))
        else:
            responses.append(client.post(url, json={"items": [], "call": "a01"},
                                         headers={"X-CSRFToken": token}))
    return responses


def foreign_attempts(world: Any, kind_of_route: str | None) -> list[int]:
    """Seat 02's attempts in every module, contest B's attempt, and for a module's own routes
    seat 01's attempts in the other modules."""
    ids = [attempts["02"] for attempts in world.attempts.values()]
    ids.append(world.other_contest_attempt)
    if kind_of_route:
        ids += [attempts["01"] for kind, attempts in world.attempts.items()
                if kind != kind_of_route]
    return ids


def test_every_attempt_route_is_404_for_anybody_elses_attempt(app, world, seats, tmp_path):
    mine, _ = seats
    database, files = dump_database(app), file_tree(tmp_path)
    rules = contestant_rules(app)
    assert len(rules) >= 12
    tried = 0
    for rule in rules:
        kind = next((kind for kind in world.attempts if f"/m/{kind}/" in rule.rule), None)
        for attempt_id in foreign_attempts(world, kind):
            for response in hit(mine.client, mine.token, rule, fill(rule, attempt_id)):
                assert response.status_code == 404, (rule.rule, attempt_id,
                                                     response.status_code)
                text = response.get_data(as_text=True)
                assert SECRET not in text and "选手2" not in text and "E0002" not in text
                if "/api/" in rule.rule:
                    assert_json_refusal(response, 404)
                else:
                    assert_page_answer(response)
                tried += 1
    assert tried > 60
    assert dump_database(app) == database
    assert file_tree(tmp_path) == files


def test_another_seats_clip_token_plays_nothing(app, world, seats):
    mine, theirs = seats
    own, other = world.attempts["capture"]["01"], world.attempts["capture"]["02"]
    grant = theirs.post(f"/m/capture/api/attempts/{other}/plays", {"call": "a01"}).get_json()
    token = grant["url"].split("t=", 1)[1]
    assert theirs.client.get(grant["url"]).status_code == 200
    database = dump_database(app)
    on_mine = mine.client.get(f"/m/capture/api/attempts/{own}/audio?t={token}")
    assert assert_json_refusal(on_mine, 403)["error"] == "bad_token"
    assert mine.client.get(grant["url"]).status_code == 404
    assert dump_database(app) == database


def test_another_seats_upload_cannot_be_fed_or_finished(app, world, seats, tmp_path):
    mine, theirs = seats
    own, other = world.attempts["voice"]["01"], world.attempts["voice"]["02"]
    started = theirs.post(f"/m/voice/api/attempts/{other}/uploads", {
        "recording": "inbound", "take_id": "their-take-01", "size": 4, "sha256": "c" * 64,
        "mime": "audio/webm"}).get_json()
    upload = started["upload_id"]
    database, files = dump_database(app), file_tree(tmp_path)
    for attempt_id in (own, other):
        response = mine.post(f"/m/voice/api/attempts/{attempt_id}/uploads/{upload}/chunks/0",
                             data=b"evil", content_type="application/octet-stream")
        assert_json_refusal(response, 404)
    assert dump_database(app) == database and file_tree(tmp_path) == files
    # The same take id on one's own attempt is a separate upload, never theirs.
    mine_start = mine.post(f"/m/voice/api/attempts/{own}/uploads", {
        "recording": "inbound", "take_id": "their-take-01", "size": 4, "sha256": "c" * 64,
        "mime": "audio/webm"}).get_json()
    assert mine_start["upload_id"] != upload and mine_start["next"] == 0


def test_another_contests_notice_cannot_be_acknowledged(app, world, seats):
    mine, _ = seats
    database = dump_database(app)
    for broadcast in (world.foreign_broadcast_id, world.foreign_broadcast_id + 100):
        response = mine.post(f"/api/broadcasts/{broadcast}/ack", {})
        assert_json_refusal(response, 404)
    assert dump_database(app) == database
    lobby = mine.post("/api/lobby", {}).get_json()
    assert [notice["id"] for notice in lobby["broadcasts"]] == [world.broadcast_id]
    assert all("乙赛区" not in notice["message"] for notice in lobby["broadcasts"])
    assert [session["id"] for session in lobby["sessions"]] == sorted(world.sessions.values())


def test_keys_of_another_module_are_rejected_item_by_item(app, world, seats):
    mine, _ = seats
    from hostile_support import counts

    before = counts(app)
    data = mine.post(f"/api/attempts/{world.attempts['echo']['01']}/answers", {"items": [
        {"key": "a01.name", "seq": 1, "value": "张三"},
        {"key": "script:inbound", "seq": 2, "value": "x"},
        {"key": "file:xlsx", "seq": 3, "value": {"file_id": 1}}]}).get_json()
    assert data["acked"] == [] and {r["code"] for r in data["rejected"]} == {"unknown_item"}
    assert counts(app) == before


@pytest.mark.parametrize("action", ["pause", "end"])
def test_a_session_that_is_not_running_refuses_every_write(app, world, seats, action):
    from datetime import timedelta

    from contest import clock
    from contest.extensions import db
    from contest.models import ModuleSession
    from contest.services.sessions import end_session, pause_session
    from hostile_support import counts

    mine, _ = seats
    with app.app_context():
        for session_id in world.sessions.values():
            session = db.session.get(ModuleSession, session_id)
            pause_session(session, "停电", "test") if action == "pause" else \
                end_session(session, "test")
        db.session.commit()
    clock.travel(timedelta(seconds=app.config["SAVE_GRACE_SECONDS"] + 1))
    # Closing attempts at the deadline is audited; the refused writes themselves store nothing.
    tables = ("answer_log", "current_answer", "stored_file", "voice_upload", "broadcast_ack")
    before = counts(app, tables)
    attempts = {kind: ids["01"] for kind, ids in world.attempts.items()}
    writes = [
        mine.post(f"/api/attempts/{attempts['echo']}/answers",
                  {"items": [{"key": "e1", "seq": 9, "value": "ok"}]}),
        mine.post(f"/m/capture/api/attempts/{attempts['capture']}/plays", {"call": "a01"}),
        mine.post(f"/m/voice/api/attempts/{attempts['voice']}/uploads", {
            "recording": "inbound", "take_id": "late-take-01", "size": 4, "sha256": "d" * 64,
            "mime": "audio/webm"}),
        mine.post(f"/m/voice/api/attempts/{attempts['voice']}/prompt", {}),
        mine.post(f"/m/report/api/attempts/{attempts['report']}/files/xlsx",
                  data={"file": (io.BytesIO(b"PK"), "x.xlsx")},
                  content_type="multipart/form-data"),
        mine.post(f"/api/attempts/{attempts['echo']}/submit", {}),
    ]
    submitted = writes.pop()
    for response in writes:
        body = assert_json_refusal(response, 409)
        assert body["error"] == "closed" and body["message"]
    # A paused attempt is still open: the terminal must not treat the hand-in as done.
    refused = assert_json_refusal(submitted, 409)
    assert (refused["error"], action) in (("paused", "pause"), ("closed", "end"))
    assert counts(app, tables) == before
    if action == "end":
        raw = mine.client.get(f"/m/report/attempts/{attempts['report']}/raw_data.xlsx")
        assert raw.status_code == 409 and "不能再下载原始数据" in assert_page_answer(raw)
