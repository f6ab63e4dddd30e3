"""Logins: hashed secrets, throttling, one terminal per contestant, release by the organizer."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from contest import clock
from contest.extensions import db
from contest.models import AuditEntry, Contest, Contestant, User
from support import (PASSWORD, csrf_token, gen_contest, gen_contestant, gen_staff,
                     login_contestant, login_staff, post_json)


def test_passwords_and_pins_are_stored_hashed(ctx):
    user = gen_staff("org", "organizer")
    contestant = gen_contestant(gen_contest(), 1, seat="01")
    assert PASSWORD not in user.password_hash and user.check_password(PASSWORD)
    assert "000001" not in contestant.pin_hash and contestant.check_pin("000001")


def test_staff_login_is_throttled_after_repeated_failures(app, client):
    with app.app_context():
        gen_staff("org", "organizer")
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        page = login_staff(client, "org", "wrong-password").get_data(as_text=True)
        assert "用户名或密码错误" in page
    locked = login_staff(client, "org").get_data(as_text=True)
    assert "登录失败次数过多" in locked
    clock.travel(timedelta(seconds=app.config["LOGIN_LOCK_SECONDS"] + 1))
    assert login_staff(client, "org").status_code == 302


def test_contestant_second_terminal_is_refused_until_released(app):
    first, second = app.test_client(), app.test_client()
    with app.app_context():
        contest = gen_contest()
        person = gen_contestant(contest, 1, seat="01")
        gen_staff("org", "organizer")
        ids = (contest.id, person.id)
    assert login_contestant(first, ids[0], "E0001").status_code == 302
    refused = login_contestant(second, ids[0], "E0001").get_data(as_text=True)
    assert "已在另一台终端登录" in refused
    organizer = app.test_client()
    login_staff(organizer, "org")
    token = csrf_token(organizer, "/organizer/")
    organizer.post(f"/organizer/contestants/{ids[1]}/release",
                   data={"csrf_token": token, "reason": "终端蓝屏,换备用机"})
    assert login_contestant(second, ids[0], "E0001").status_code == 302
    with app.app_context():
        released = db.session.execute(select(AuditEntry).where(
            AuditEntry.action == "terminal.release")).scalar_one()
        assert released.details["reason"] == "终端蓝屏,换备用机"
    # The old terminal is out: its next call is refused with a code its script understands.
    stale = post_json(first, "/api/lobby", {}, csrf_token(first, "/staff/login"))
    assert stale.status_code in (401, 409)


def test_same_terminal_may_log_in_again_after_closing_the_browser(app):
    terminal = app.test_client()
    with app.app_context():
        contest_id = gen_contest().id
        gen_contestant(db.session.get(Contest, contest_id), 1, seat="01")
    assert login_contestant(terminal, contest_id, "E0001").status_code == 302
    # Closing the browser drops the session cookie but keeps the terminal's own cookie.
    terminal.delete_cookie("session")
    assert login_contestant(terminal, contest_id, "E0001").status_code == 302


def test_wrong_pin_is_refused_and_audited(app, client):
    with app.app_context():
        contest_id = gen_contest().id
        gen_contestant(db.session.get(Contest, contest_id), 1, seat="01")
    page = login_contestant(client, contest_id, "E0001", pin="999999").get_data(as_text=True)
    assert "准考证号或登录密码错误" in page
    with app.app_context():
        assert db.session.scalar(select(Contestant.terminal_id)) is None
        assert db.session.execute(select(AuditEntry).where(
            AuditEntry.action == "login.failed")).scalar_one()


def test_inactive_staff_cannot_log_in(app, client):
    with app.app_context():
        user = gen_staff("old", "judge")
        user.active = False
        db.session.commit()
    assert "用户名或密码错误" in login_staff(client, "old").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(User.active)) is False
