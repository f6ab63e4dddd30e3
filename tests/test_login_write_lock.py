"""A login checks the PIN (a slow hash on contest day) while only reading, and binds the
terminal in a short write that looks at the binding again."""
from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import select

from contest.extensions import db
from contest.models import AuditEntry, Contestant
from support import (gen_contest, gen_contestant, gen_staff, login_contestant, login_staff,
                     writing_now)


def _spy_on(monkeypatch: Any, cls: type, method: str, during: Any) -> list[Any]:
    seen: list[Any] = []
    original = getattr(cls, method)

    def spy(self: Any, secret: str) -> bool:
        seen.append(during())
        return original(self, secret)

    monkeypatch.setattr(cls, method, spy)
    return seen


def test_pin_and_password_are_checked_without_holding_the_write_lock(app, monkeypatch):
    with app.app_context():
        contest = gen_contest()
        gen_contestant(contest, 1, seat="01")
        user = gen_staff("org", "organizer")
        contest_id, staff_class = contest.id, type(user)
    pins = _spy_on(monkeypatch, Contestant, "check_pin", writing_now)
    passwords = _spy_on(monkeypatch, staff_class, "check_password", writing_now)
    assert login_contestant(app.test_client(), contest_id, "E0001").status_code == 302
    assert login_contestant(app.test_client(), contest_id, "E0001", "999999").status_code == 200
    assert login_staff(app.test_client(), "org").status_code == 302
    assert pins == [False, False] and passwords == [False]


# The second login is sent from inside the first, in the same process: with the gate
# (contest.lanes) it would wait for the first one's slot, which waits for it.
@pytest.mark.app_settings(BUSY_LANE_SLOTS=0)
def test_two_terminals_logging_in_at_once_cannot_both_win(app, monkeypatch):
    """The second terminal logs in while the first is between its PIN check and its write:
    the first, writing last, sees the binding and is refused."""
    with app.app_context():
        contest = gen_contest()
        gen_contestant(contest, 1, seat="01")
        contest_id = contest.id
    first, second = app.test_client(), app.test_client()
    answers: dict[str, Any] = {}

    def second_logs_in() -> None:
        answers["second"] = login_contestant(second, contest_id, "E0001")

    def meanwhile() -> None:
        if "second" not in answers and not threading.current_thread().name.startswith("second"):
            racer = threading.Thread(target=second_logs_in, name="second-terminal")
            racer.start()
            racer.join(timeout=30)
            assert not racer.is_alive()

    _spy_on(monkeypatch, Contestant, "check_pin", meanwhile)
    refused = login_contestant(first, contest_id, "E0001")
    assert answers["second"].status_code == 302
    assert refused.status_code == 200 and "已在另一台终端登录" in refused.get_data(as_text=True)
    with app.app_context():
        actions = db.session.execute(select(AuditEntry.action).order_by(AuditEntry.id)).scalars()
        assert [a for a in actions if a.startswith("login.")] == [
            "login.contestant", "login.refused_second_terminal"]
