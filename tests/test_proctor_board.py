"""The proctor's board counts each seat's answered items in SQL; the count must be the done
page's (``ContestModule.progress``) for every kind of stored value, on SQLite and PostgreSQL."""
from __future__ import annotations

from sqlalchemy import event, select

from contest import clock
from contest.extensions import db
from contest.models import Attempt, CurrentAnswer, ModuleSession
from contest.modules import EMPTY_ANSWERS, AttemptView, get_module
from contest.organizer.board import session_board
from contest.services.attempts import attempt_view
from contest.services.sessions import start_session
from support import gen_contest, gen_contestant, gen_session, gen_staff, login_staff

#: (seat, {item: stored value}): empty values of every JSON type, answers of every type, and
#: a key that is not one of the module's items.
SEATS = {
    "01": {},
    "02": {"e1": None, "e2": "", "e3": []},
    "03": {"e1": {}, "e2": "ok", "e3": 0},
    "04": {"e1": False, "e2": [""], "e3": {"a": 1}},
    "05": {"e1": " ", "stray": "not an item", "e3": None},
}


def test_the_board_counts_answered_items_as_the_module_does(app):
    with app.app_context():
        contest = gen_contest()
        for number, seat in enumerate(SEATS, start=1):
            gen_contestant(contest, number, seat=seat)
        session = gen_session(contest, "echo")
        start_session(session, "test")
        db.session.commit()
        at = clock.now()
        attempts = {a.seat_no: a for a in db.session.scalars(select(Attempt))}
        for seat, answers in SEATS.items():
            for seq, (key, value) in enumerate(answers.items(), start=1):
                db.session.add(CurrentAnswer(attempt_id=attempts[seat].id, item_key=key,
                                             seq=seq, value=value, saved_at=at))
        db.session.commit()
        expected = {seat: list(get_module("echo").progress(attempt_view(attempt)))
                    for seat, attempt in attempts.items()}
        session_id = session.id
        gen_staff("org", "organizer")
    staff = app.test_client()
    login_staff(staff, "org")
    board = staff.get(f"/organizer/api/sessions/{session_id}/board").get_json()

    counted = {row["seat"]: [row["answered"], row["total"]] for row in board["seats"]}
    assert counted == expected
    assert counted == {"01": [0, 3], "02": [0, 3], "03": [2, 3], "04": [3, 3], "05": [1, 3]}


def test_every_empty_answer_is_unanswered_for_the_module():
    module = get_module("echo")
    content = {"keys": ["e1"], "answer": "ok"}
    for value in EMPTY_ANSWERS:
        view = AttemptView(1, "01", {}, content, {}, {"e1": value})
        assert module.progress(view) == (0, 1), value


def test_the_board_reads_no_seat_variant(app, monkeypatch):
    """A seat's variant (the quiz's option orders) is a deferred column: the board must not
    load it, seat by seat, as it did before it counted answers in SQL."""
    with app.app_context():
        contest = gen_contest()
        for number in range(1, 4):
            gen_contestant(contest, number, seat=f"{number:02d}")
        session = gen_session(contest, "quiz")
        start_session(session, "test")
        db.session.commit()
        statements = []

        def note(conn, cursor, statement, *args):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", note)
        try:
            rows = session_board(db.session.get(ModuleSession, session.id))
        finally:
            event.remove(db.engine, "before_cursor_execute", note)
    assert len(rows) == 3 and rows[0]["total"] > 0
    assert not [s for s in statements if "variant" in s]
    # one query per kind of data, none per seat
    assert len(statements) == len(set(statements))
