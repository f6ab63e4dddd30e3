"""The timed-attempt machinery end to end through the test client, with the echo module."""
from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from contest import clock
from contest.extensions import db
from contest.models import AnswerLog, Attempt, AttemptEvent, AuditEntry, CurrentAnswer
from support import (csrf_token, gen_contest, gen_contestant, gen_session, gen_staff,
                     login_contestant, login_staff, post_json)


@pytest.fixture
def running(app, client):
    """A running echo session with one seated contestant logged in at `client`."""
    with app.app_context():
        contest = gen_contest()
        gen_contestant(contest, 1, seat="01")
        gen_contestant(contest, 2, seat=None)            # checked in, no seat: not started
        gen_contestant(contest, 3, seat="03", checked_in=False)
        session = gen_session(contest, "echo", duration_min=10)
        gen_staff("org", "organizer")
        gen_staff("judge", "judge")
        ids = {"session": session.id, "contest": contest.id}
    staff = app.test_client()
    login_staff(staff, "org")
    token = csrf_token(staff, "/organizer/")
    response = staff.post(f"/organizer/sessions/{ids['session']}/start",
                          data={"csrf_token": token, "confirm": "1"})
    assert response.status_code == 302
    login_contestant(client, ids["contest"], "E0001")
    with app.app_context():
        attempt_id = db.session.execute(select(Attempt.id)).scalar_one()
    return {"session_id": ids["session"], "attempt_id": attempt_id, "staff": staff,
            "staff_token": token, "token": csrf_token(client, "/lobby"),
            "contest_id": ids["contest"]}


def save(client, state, items):
    return post_json(client, f"/api/attempts/{state['attempt_id']}/answers", {"items": items},
                     state["token"])


def current(app, attempt_id):
    with app.app_context():
        rows = db.session.execute(select(CurrentAnswer).where(
            CurrentAnswer.attempt_id == attempt_id)).scalars()
        return {row.item_key: (row.value, row.seq) for row in rows}


def test_start_opens_attempts_only_for_seated_checked_in_contestants(app, running):
    with app.app_context():
        attempts = db.session.execute(select(Attempt)).scalars().all()
        assert [a.seat_no for a in attempts] == ["01"]
        assert db.session.scalar(select(func.count()).where(
            AuditEntry.action == "session.start")) == 1


def test_lobby_reports_the_running_session_with_its_attempt(client, running):
    data = post_json(client, "/api/lobby", {}, running["token"]).get_json()
    assert data["sessions"][0]["attempt_url"] == f"/attempt/{running['attempt_id']}"


def test_save_keeps_newest_sequence_and_logs_every_save(app, client, running):
    assert save(client, running, [{"key": "e1", "seq": 5, "value": "new"}]).status_code == 200
    late = save(client, running, [{"key": "e1", "seq": 3, "value": "old"}])
    assert late.status_code == 200 and late.get_json()["acked"] == [{"key": "e1", "seq": 3}]
    assert current(app, running["attempt_id"]) == {"e1": ("new", 5)}
    with app.app_context():
        logged = db.session.execute(select(AnswerLog.seq, AnswerLog.value).order_by(
            AnswerLog.seq)).all()
    assert [tuple(row) for row in logged] == [(3, "old"), (5, "new")]


def test_repeated_send_is_harmless(app, client, running):
    item = {"key": "e2", "seq": 7, "value": "ok"}
    assert save(client, running, [item]).status_code == 200
    assert save(client, running, [item]).status_code == 200
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AnswerLog)) == 1
    assert current(app, running["attempt_id"]) == {"e2": ("ok", 7)}


def test_status_reports_last_seq_so_a_spare_terminal_continues_above_it(client, running):
    save(client, running, [{"key": "e1", "seq": 41, "value": "x"}])
    status = post_json(client, f"/api/attempts/{running['attempt_id']}/status", {},
                       running["token"]).get_json()
    assert status["last_seq"] == 41 and status["open"] is True


def test_pause_freezes_remaining_time_and_refuses_saves(app, client, running):
    staff, sid = running["staff"], running["session_id"]
    status_url = f"/api/attempts/{running['attempt_id']}/status"
    before = post_json(client, status_url, {}, running["token"]).get_json()
    staff.post(f"/organizer/sessions/{sid}/pause",
               data={"csrf_token": running["staff_token"], "reason": "停电"})
    clock.travel(timedelta(minutes=3))
    paused = post_json(client, status_url, {}, running["token"]).get_json()
    assert paused["paused"] is True
    assert abs(paused["remaining_ms"] - before["remaining_ms"]) < 2000
    refused = save(client, running, [{"key": "e1", "seq": 1, "value": "x"}])
    assert refused.status_code == 409 and refused.get_json()["error"] == "closed"
    staff.post(f"/organizer/sessions/{sid}/resume",
               data={"csrf_token": running["staff_token"], "confirm": "1"})
    resumed = post_json(client, status_url, {}, running["token"]).get_json()
    assert resumed["deadline_ms"] - before["deadline_ms"] == pytest.approx(180_000, abs=2000)
    assert save(client, running, [{"key": "e1", "seq": 2, "value": "x"}]).status_code == 200


def test_credit_needs_a_reason_and_extends_one_seat(app, client, running):
    staff, sid, aid = running["staff"], running["session_id"], running["attempt_id"]
    status_url = f"/api/attempts/{aid}/status"
    before = post_json(client, status_url, {}, running["token"]).get_json()["deadline_ms"]
    staff.post(f"/organizer/sessions/{sid}/attempts/{aid}/credit",
               data={"csrf_token": running["staff_token"], "minutes": "5", "reason": ""})
    unchanged = post_json(client, status_url, {}, running["token"]).get_json()["deadline_ms"]
    assert unchanged == before
    staff.post(f"/organizer/sessions/{sid}/attempts/{aid}/credit",
               data={"csrf_token": running["staff_token"], "minutes": "5", "reason": "终端死机"})
    after = post_json(client, status_url, {}, running["token"]).get_json()["deadline_ms"]
    assert after - before == 300_000


def test_deadline_closes_the_attempt_with_its_last_save(app, client, running):
    save(client, running, [{"key": "e1", "seq": 1, "value": "ok"},
                           {"key": "e2", "seq": 2, "value": "no"}])
    clock.travel(timedelta(minutes=10, seconds=3))   # inside the grace: still taken
    assert save(client, running, [{"key": "e2", "seq": 3, "value": "ok"}]).status_code == 200
    clock.travel(timedelta(seconds=5))
    late = save(client, running, [{"key": "e3", "seq": 4, "value": "ok"}])
    assert late.status_code == 409 and "时间已到" in late.get_json()["message"]
    with app.app_context():
        attempt = db.session.get(Attempt, running["attempt_id"])
        assert attempt.state == "closed" and attempt.close_reason == "deadline"
        points = {r["key"]: r["points"] for r in attempt.results}
        assert points == {"e1": 1.0, "e2": 1.0, "e3": 0.0}
        assert db.session.scalar(select(func.count()).where(
            AttemptEvent.kind == "save_refused")) == 1


def test_attempt_closes_at_deadline_even_when_the_terminal_is_gone(app, running):
    clock.travel(timedelta(minutes=11))
    judge = app.test_client()
    login_staff(judge, "judge")
    assert judge.get(f"/judge/sessions/{running['session_id']}").status_code == 200
    with app.app_context():
        assert db.session.get(Attempt, running["attempt_id"]).state == "closed"


def test_early_submit_closes_and_later_saves_are_refused(app, client, running):
    save(client, running, [{"key": "e1", "seq": 1, "value": "ok"}])
    url = f"/api/attempts/{running['attempt_id']}/submit"
    assert post_json(client, url, {}, running["token"]).status_code == 200
    refused = save(client, running, [{"key": "e1", "seq": 2, "value": "changed"}])
    assert refused.status_code == 409 and "已交卷" in refused.get_json()["message"]
    assert current(app, running["attempt_id"]) == {"e1": ("ok", 1)}
    assert post_json(client, url, {}, running["token"]).status_code == 409


def test_judge_override_needs_a_reason_and_is_audited(app, client, running):
    save(client, running, [{"key": "e1", "seq": 1, "value": "nearly ok"}])
    post_json(client, f"/api/attempts/{running['attempt_id']}/submit", {}, running["token"])
    judge = app.test_client()
    login_staff(judge, "judge")
    token = csrf_token(judge, "/judge/")
    url = f"/judge/sessions/{running['session_id']}/seats/01/override"
    judge.post(url, data={"csrf_token": token, "item_key": "e1", "points": "1", "reason": " "})
    judge.post(url, data={"csrf_token": token, "item_key": "e1", "points": "9", "reason": "超分"})
    judge.post(url, data={"csrf_token": token, "item_key": "e1", "points": "1",
                          "reason": "拼写差异可接受"})
    seat_page = judge.get(f"/judge/sessions/{running['session_id']}/seats/01")
    assert "拼写差异可接受" in seat_page.get_data(as_text=True)
    with app.app_context():
        from contest.services.scores import attempt_total
        attempt = db.session.get(Attempt, running["attempt_id"])
        assert attempt_total(attempt) == (1.0, 3.0)
        entries = db.session.execute(select(AuditEntry).where(
            AuditEntry.action == "score.override")).scalars().all()
        assert [e.details["reason"] for e in entries] == ["拼写差异可接受"]


def test_the_sweeper_closes_expired_attempts_without_any_page_view(app, running):
    from contest.sweeper import sweep_once

    clock.travel(timedelta(minutes=11))
    with app.app_context():
        assert sweep_once() == 1
        attempt = db.session.get(Attempt, running["attempt_id"])
        assert attempt.state == "closed" and attempt.results is not None


def test_a_spare_terminal_restores_every_answer_after_the_release(app, client, running):
    save(client, running, [{"key": "e1", "seq": 3, "value": "第一题"},
                           {"key": "e2", "seq": 4, "value": "第二题"}])
    spare = app.test_client()
    assert "已在另一台终端登录" in login_contestant(spare, running["contest_id"],
                                                  "E0001").get_data(as_text=True)
    with app.app_context():
        from contest.models import Contestant
        from contest.services.contestants import release_terminal
        person = db.session.execute(select(Contestant).where(
            Contestant.exam_no == "E0001")).scalar_one()
        release_terminal(person, "换机", "t")
        db.session.commit()
    assert login_contestant(spare, running["contest_id"], "E0001").status_code == 302
    page = spare.get(f"/attempt/{running['attempt_id']}").get_data(as_text=True)
    config = json.loads(re.search(r'id="attempt-config">(.*?)</script>', page, re.S).group(1))
    assert config["answers"] == {"e1": {"value": "第一题", "seq": 3},
                                 "e2": {"value": "第二题", "seq": 4}}
    assert config["status"]["last_seq"] == 4          # the spare continues above it
