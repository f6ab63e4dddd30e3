"""From a finished module to published results: overrides, countersigning, locking, appeals,
two-person unsealing, ranking and awards, the Excel export, and broadcasts to terminals."""
from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from contest.extensions import db
from contest.models import Attempt, AuditEntry, Contest
from contest import clock
from contest.services.answers import CheckedSave, SaveItem, store_answers
from contest.services.sessions import end_session, finish_if_due, start_session
from support import (csrf_token, gen_contest, gen_contestant, gen_session, gen_staff,
                     login_contestant, login_staff, post_json)

ANSWERS = {"01": ["ok", "ok", "ok"], "02": ["ok", "ok", "no"], "03": ["ok", "no", "no"]}


@pytest.fixture
def finished(app):
    """An ended echo session (weight 15): seat 01 has 3 of 3 points, 02 has 2, 03 has 1."""
    with app.app_context():
        contest = gen_contest("市赛")
        for n, seat in ((1, "01"), (2, "02"), (3, "03")):
            gen_contestant(contest, n, seat=seat)
        session = gen_session(contest, "echo")
        for name, role in (("org", "organizer"), ("chief", "chief_judge"), ("judge", "judge")):
            gen_staff(name, role)
        start_session(session, "test")
        db.session.commit()
        for attempt in db.session.execute(select(Attempt)).scalars():
            items = [SaveItem(f"e{i + 1}", i + 1, v)
                     for i, v in enumerate(ANSWERS[attempt.seat_no])]
            store_answers(attempt.id, CheckedSave(accepted=items), "t", clock.now())
        db.session.commit()
        end_session(session, "test")
        clock.travel(timedelta(seconds=10))                # past the grace for in-flight saves
        finish_if_due(session)
        db.session.commit()
        ids = {"contest": contest.id, "session": session.id}
    clients = {}
    for name in ("org", "chief", "judge"):
        clients[name] = app.test_client()
        login_staff(clients[name], name)
    return ids, clients


def post(client, url, **data):
    return client.post(url, data={"csrf_token": csrf_token(client, "/staff/login"),
                                  "confirm": "1", **data}, follow_redirects=True)


def override(client, ids, seat, key, points, reason, appeal=None):
    data = {"item_key": key, "points": str(points), "reason": reason}
    if appeal:
        data["appeal_id"] = str(appeal)
    return post(client, f"/judge/sessions/{ids['session']}/seats/{seat}/override", **data)


def totals(app, contest_id):
    with app.app_context():
        from contest.services.results import contest_results
        table = contest_results(db.session.get(Contest, contest_id))
        return {row.seat_no: row.total_text for row in table.rows}, table


def test_override_countersign_lock_appeal_unseal(app, finished):
    ids, c = finished
    base, _ = totals(app, ids["contest"])
    assert base == {"01": "15.00", "02": "10.00", "03": "5.00"}

    override(c["judge"], ids, "03", "e2", 1, "听写实为正确")
    assert totals(app, ids["contest"])[0]["03"] == "10.00"

    with app.app_context():
        contest = db.session.get(Contest, ids["contest"])
        contest.settings = {**contest.settings, "override_countersign": True}
        db.session.commit()
    override(c["judge"], ids, "02", "e3", 1, "复核给分")
    assert totals(app, ids["contest"])[0]["02"] == "10.00"         # waits for the signature
    lock_page = c["chief"].get(f"/judge/sessions/{ids['session']}/lock").get_data(as_text=True)
    assert "待裁判长签认" in lock_page
    overrides_page = c["chief"].get(f"/ceremony/contests/{ids['contest']}/overrides")
    override_id = re.search(r"/ceremony/overrides/(\d+)/countersign",
                            overrides_page.get_data(as_text=True)).group(1)
    post(c["chief"], f"/ceremony/overrides/{override_id}/countersign")
    assert totals(app, ids["contest"])[0]["02"] == "15.00"

    page = post(c["chief"], f"/judge/sessions/{ids['session']}/lock").get_data(as_text=True)
    assert "已锁定" in page
    refused = override(c["judge"], ids, "03", "e3", 1, "再改一次").get_data(as_text=True)
    assert "成绩已锁定" in refused and totals(app, ids["contest"])[0]["03"] == "10.00"

    post(c["org"], f"/ceremony/contests/{ids['contest']}/appeals", session_id=ids["session"],
         seat_no="03", filed_by="某校领队", reason="第三空录音不清")
    with app.app_context():
        from contest.models import Appeal
        appeal_id = db.session.execute(select(Appeal.id)).scalar_one()
    post(c["chief"], f"/ceremony/appeals/{appeal_id}/decide", outcome="upheld",
         decision="复听录音,确属录音问题,给分")
    same_person = post(c["chief"], f"/ceremony/appeals/{appeal_id}/approve")
    assert "不能是作出裁定的同一人" in same_person.get_data(as_text=True)
    assert "申诉尚未" in override(c["chief"], ids, "03", "e3", 1, "依申诉",
                                  appeal_id).get_data(as_text=True)
    post(c["org"], f"/ceremony/appeals/{appeal_id}/approve")
    override(c["chief"], ids, "03", "e3", 1, "依申诉改分", appeal_id)
    assert totals(app, ids["contest"])[0]["03"] == "15.00"

    sealed_page = c["chief"].get(f"/ceremony/contests/{ids['contest']}/results").get_data(
        as_text=True)
    assert "选手1" not in sealed_page and "未解密" in sealed_page
    post(c["org"], f"/ceremony/contests/{ids['contest']}/unseal")
    assert totals(app, ids["contest"])[1].sealed
    post(c["chief"], f"/ceremony/contests/{ids['contest']}/unseal")
    results, table = totals(app, ids["contest"])
    assert not table.sealed and [r.name for r in table.rows if r.rank == 1] == [
        "选手1", "选手2", "选手3"]                                   # all tied after the appeal
    with app.app_context():
        actions = [e.action for e in db.session.execute(select(AuditEntry)).scalars()]
    for action in ("score.override.countersign", "session.lock", "appeal.file",
                   "appeal.decide", "appeal.approve", "contest.unsealed"):
        assert action in actions


def test_unsealing_needs_every_module_locked_and_two_people(app, finished):
    ids, c = finished
    page = post(c["org"], f"/ceremony/contests/{ids['contest']}/unseal").get_data(as_text=True)
    assert "成绩尚未锁定" in page
    post(c["chief"], f"/judge/sessions/{ids['session']}/lock")
    post(c["org"], f"/ceremony/contests/{ids['contest']}/unseal")
    again = post(c["org"], f"/ceremony/contests/{ids['contest']}/unseal").get_data(as_text=True)
    assert "等待另一方确认" in again
    assert totals(app, ids["contest"])[1].sealed


def test_judges_cannot_open_results_or_unseal(app, finished):
    ids, c = finished
    assert c["judge"].get(f"/ceremony/contests/{ids['contest']}/results").status_code == 403
    assert post(c["judge"], f"/ceremony/contests/{ids['contest']}/unseal").status_code == 403


def test_results_export_matches_the_page(app, finished):
    ids, c = finished
    data = c["org"].get(f"/ceremony/contests/{ids['contest']}/results.xlsx").data
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    rows = {r[1]: r for r in sheet.iter_rows(min_row=3, values_only=True) if r[1]}
    assert rows["01"][0] == 1 and rows["01"][6] == 15.0 and rows["03"][6] == 5.0
    assert rows["01"][7] == "二等奖"        # 10% of 3 rounds to no 一等奖 (see scoring/awards.py)


def test_broadcast_is_shown_until_acknowledged(app, finished):
    ids, c = finished
    post(c["org"], f"/organizer/contests/{ids['contest']}/broadcasts", message="请停笔,检查姓名")
    terminal = app.test_client()
    login_contestant(terminal, ids["contest"], "E0001")
    token = csrf_token(terminal, "/lobby")
    notices = post_json(terminal, "/api/lobby", {}, token).get_json()["broadcasts"]
    assert [n["message"] for n in notices] == ["请停笔,检查姓名"]
    ack = post_json(terminal, f"/api/broadcasts/{notices[0]['id']}/ack", {}, token)
    assert ack.status_code == 200
    assert post_json(terminal, "/api/lobby", {}, token).get_json()["broadcasts"] == []
    other = app.test_client()
    login_contestant(other, ids["contest"], "E0002")
    assert len(post_json(other, "/api/lobby", {}, csrf_token(other, "/lobby")).get_json()[
        "broadcasts"]) == 1
    page = c["org"].get(f"/organizer/contests/{ids['contest']}/broadcasts").get_data(as_text=True)
    assert '<td class="num">1</td>' in page
