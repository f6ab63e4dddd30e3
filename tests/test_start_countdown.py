"""A start with a countdown: the organizer's start names an instant some seconds ahead; the
lobbies learn it at their next poll and every terminal opens its questions at that instant.
Before it nothing of the attempt is served or taken, and the clock counts from it."""
from __future__ import annotations

import io
import re
from datetime import timedelta

from sqlalchemy import func, select

from contest import clock
from contest.extensions import db
from contest.models import Attempt, AuditEntry, CurrentAnswer, ModuleSession
from contest.terminal.lookup import NOT_STARTED
from support import (csrf_token, gen_contest, gen_contestant, gen_session, gen_staff,
                     login_contestant, login_staff)

DURATION_MIN = 30
ITEM = re.compile(r'data-item="(q:[^"]+)"')


def _setup(app, kind: str = "quiz", seats: int = 3) -> tuple[int, int]:
    with app.app_context():
        contest = gen_contest()
        for number in range(1, seats + 1):
            gen_contestant(contest, number, seat=f"{number:02d}")
        gen_staff("org", "organizer")
        return contest.id, gen_session(contest, kind, duration_min=DURATION_MIN).id


def _organizer(app):
    staff = app.test_client()
    login_staff(staff, "org")
    return staff, csrf_token(staff, "/organizer/")


def _start(app, session_id: int, **form):
    staff, token = _organizer(app)
    return staff.post(f"/organizer/sessions/{session_id}/start",
                      data={"csrf_token": token, "confirm": "1", **form}, follow_redirects=True)


def _terminal(app, contest_id: int, number: int = 1):
    terminal = app.test_client()
    login_contestant(terminal, contest_id, f"E{number:04d}")
    return terminal, {"X-CSRFToken": csrf_token(terminal, "/lobby")}


def _lobby_session(terminal, headers) -> dict:
    return terminal.post("/api/lobby", json={}, headers=headers).get_json()["sessions"][0]


def test_the_start_names_one_instant_ahead_for_every_seat(app):
    contest_id, session_id = _setup(app)
    before = clock.now()
    page = _start(app, session_id, countdown="30").get_data(as_text=True)
    assert "已开始,30 秒后统一开考、开始计时" in page
    assert "开考倒计时:30 秒" in page or "开考倒计时:29 秒" in page
    with app.app_context():
        session = db.session.get(ModuleSession, session_id)
        lead = (session.started_at - before).total_seconds()
        assert 30 <= lead < 32
        starts = {a.started_at for a in db.session.scalars(select(Attempt))}
        assert starts == {session.started_at}
        entry = db.session.scalars(select(AuditEntry).where(
            AuditEntry.action == "session.start")).one()
        assert entry.details["countdown_s"] == 30


def test_the_lobby_gets_the_wait_and_nothing_is_served_or_taken_before_the_instant(app):
    contest_id, session_id = _setup(app)
    _start(app, session_id, countdown="10")
    terminal, headers = _terminal(app, contest_id)
    ready = _lobby_session(terminal, headers)
    assert ready["attempt_url"] and 9_000 < ready["starts_in_ms"] <= 10_000
    attempt_id = int(ready["attempt_url"].rsplit("/", 1)[1])

    early = terminal.get(ready["attempt_url"])
    assert early.status_code == 302 and early.headers["Location"].endswith("/lobby")
    assert NOT_STARTED in terminal.get("/lobby").get_data(as_text=True)
    save = terminal.post(f"/api/attempts/{attempt_id}/answers", headers=headers,
                         json={"items": [{"key": "q:x", "seq": 1, "value": [0]}]})
    assert save.status_code == 409 and save.get_json()["error"] == "not_started"
    assert save.get_json()["message"] == NOT_STARTED
    submit = terminal.post(f"/api/attempts/{attempt_id}/submit", json={}, headers=headers)
    assert submit.status_code == 409 and submit.get_json()["error"] == "not_started"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CurrentAnswer)) == 0
        assert db.session.get(Attempt, attempt_id).state == "open"

    clock.travel(timedelta(seconds=10))
    assert _lobby_session(terminal, headers)["starts_in_ms"] == 0
    page = terminal.get(ready["attempt_url"])
    assert page.status_code == 200
    key = ITEM.search(page.get_data(as_text=True)).group(1)
    saved = terminal.post(f"/api/attempts/{attempt_id}/answers", headers=headers,
                          json={"items": [{"key": key, "seq": 1, "value": [0]}]}).get_json()
    assert saved["acked"] == [{"key": key, "seq": 1}]
    # the whole duration counts from the named instant, not from the organizer's click (which
    # would leave 10 s less)
    assert DURATION_MIN * 60_000 - 5_000 < saved["remaining_ms"] <= DURATION_MIN * 60_000


def test_module_requests_before_the_instant_are_refused_in_chinese(app):
    contest_id, session_id = _setup(app, "report")
    _start(app, session_id, countdown="10")
    terminal, headers = _terminal(app, contest_id)
    attempt_id = int(_lobby_session(terminal, headers)["attempt_url"].rsplit("/", 1)[1])
    upload = terminal.post(f"/m/report/api/attempts/{attempt_id}/files/xlsx", headers=headers,
                           data={"file": (io.BytesIO(b"PK"), "a.xlsx")},
                           content_type="multipart/form-data")
    assert upload.status_code == 409 and upload.get_json()["error"] == "not_started"
    raw = terminal.get(f"/m/report/attempts/{attempt_id}/raw_data.xlsx")
    assert raw.status_code == 409 and NOT_STARTED in raw.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CurrentAnswer)) == 0


def test_no_pause_during_the_countdown(app):
    contest_id, session_id = _setup(app)
    _start(app, session_id, countdown="10")
    staff, token = _organizer(app)
    page = staff.post(f"/organizer/sessions/{session_id}/pause",
                      data={"csrf_token": token, "reason": "设备检查"},
                      follow_redirects=True).get_data(as_text=True)
    assert "开考倒计时中,不能暂停" in page
    with app.app_context():
        assert db.session.get(ModuleSession, session_id).state == "running"


def test_a_countdown_outside_the_offered_choices_starts_nothing(app):
    contest_id, session_id = _setup(app)
    for value in ("7", "-10", "abc", "100000"):
        page = _start(app, session_id, countdown=value).get_data(as_text=True)
        assert "请从列表中选择开考倒计时" in page, value
    with app.app_context():
        assert db.session.get(ModuleSession, session_id).state == "draft"
        assert db.session.scalar(select(func.count()).select_from(Attempt)) == 0


def test_the_instance_default_is_preselected(app):
    app.config["START_COUNTDOWN_SECONDS"] = 15
    contest_id, session_id = _setup(app)
    staff, _ = _organizer(app)
    page = staff.get(f"/organizer/sessions/{session_id}").get_data(as_text=True)
    assert '<option selected value="15">15 秒</option>' in page
    assert '<option value="0">立即开考</option>' in page
    _start(app, session_id)
    terminal, headers = _terminal(app, contest_id)
    assert 14_000 < _lobby_session(terminal, headers)["starts_in_ms"] <= 15_000
