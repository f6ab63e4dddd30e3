"""Typing speed (correct characters per minute) can break a tie when the contest says so."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from contest import clock
from contest.extensions import db
from contest.models import Attempt, Contest, ModuleSession
from contest.services.answers import CheckedSave, SaveItem, store_answers
from contest.services.contest_settings import tie_breaks
from contest.services.results import contest_results
from contest.services.sessions import end_session, finish_if_due, start_session
from support import gen_contest, gen_contestant, gen_session
from test_capture_content import capture_settings, clip_set

#: Both earn one point on call a01; the postcode is six correct characters, the name three.
TYPED = {"01": ("name", "张明亮"), "02": ("postcode", "310012")}


def test_speed_decides_between_equal_totals_only_when_enabled(app, tmp_path):
    with app.app_context():
        contest = gen_contest()
        for number, seat in ((1, "01"), (2, "02")):
            gen_contestant(contest, number, seat=seat)
        session = gen_session(contest, "capture", **capture_settings(clip_set(tmp_path / "s")))
        start_session(session, "test")
        for attempt in db.session.execute(select(Attempt)).scalars():
            field, value = TYPED[attempt.seat_no]
            store_answers(attempt.id, CheckedSave(accepted=[SaveItem(f"a01.{field}", 1, value)]),
                          "t", clock.now())
        end_session(session, "test")
        clock.travel(timedelta(seconds=10))
        finish_if_due(db.session.get(ModuleSession, session.id))
        db.session.commit()

        table = contest_results(db.session.get(Contest, contest.id))
        assert [r.rank for r in table.rows] == [1, 1]

        contest = db.session.get(Contest, contest.id)
        contest.settings = {**contest.settings, "tie_breaks": tie_breaks(True)}
        db.session.commit()
        table = contest_results(contest)
        assert [(r.seat_no, r.rank) for r in table.rows] == [("02", 1), ("01", 2)]
        assert "听打录入速度" in table.rows[0].tie_break
