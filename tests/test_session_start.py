"""The organizer's start: each seat's variant is drawn while only reading (the quiz draws 80
option orders per seat), then every attempt is opened in one short write."""
from __future__ import annotations

from sqlalchemy import func, select

from contest.extensions import db
from contest.models import Attempt, ModuleSession
from contest.modules import get_module
from contest.organizer import sessions as organizer_sessions
from support import (csrf_token, gen_contest, gen_contestant, gen_session, gen_staff,
                     login_staff, writing_now)


def start(app, session_id):
    staff = app.test_client()
    login_staff(staff, "org")
    token = csrf_token(staff, "/organizer/")
    return staff.post(f"/organizer/sessions/{session_id}/start",
                      data={"csrf_token": token, "confirm": "1"}, follow_redirects=True)


def test_variants_are_drawn_without_the_write_lock_and_stay_reproducible(app, monkeypatch):
    with app.app_context():
        contest = gen_contest()
        for number in range(1, 6):
            gen_contestant(contest, number, seat=f"{number:02d}")
        session_id = gen_session(contest, "quiz").id
        gen_staff("org", "organizer")
    drawn, writing = organizer_sessions.draw_variants, []
    monkeypatch.setattr(organizer_sessions, "draw_variants",
                        lambda session: (writing.append(writing_now()), drawn(session))[1])
    page = start(app, session_id).get_data(as_text=True)
    assert "已开始,计时开始" in page and writing == [False]
    with app.app_context():
        session = db.session.get(ModuleSession, session_id)
        quiz = get_module("quiz")
        attempts = db.session.scalars(select(Attempt).order_by(Attempt.seat_no)).all()
        assert [a.seat_no for a in attempts] == ["01", "02", "03", "04", "05"]
        for attempt in attempts:
            assert attempt.variant == quiz.new_variant(session.content, session.seed,
                                                       attempt.seat_no)
        assert len({str(a.variant) for a in attempts}) == 5
        assert len({a.started_at for a in attempts}) == 1


def test_a_second_start_is_refused_and_changes_nothing(app):
    with app.app_context():
        contest = gen_contest()
        gen_contestant(contest, 1, seat="01")
        session_id = gen_session(contest, "quiz").id
        gen_staff("org", "organizer")
    start(app, session_id)
    page = start(app, session_id).get_data(as_text=True)
    assert "该场次已开始,不能重复开始" in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attempt)) == 1
