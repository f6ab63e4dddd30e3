"""Open, close and describe attempts."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import select, update

from .. import clock
from ..extensions import db
from ..models import Attempt, AttemptState, ModuleSession
from ..modules import AttemptView
from . import audit, timing
from .answers import current_answers
from .content import session_content
from .scores import Prescored, score_attempt


def grace_seconds() -> float:
    return float(current_app.config["SAVE_GRACE_SECONDS"])


def attempt_view(attempt: Attempt, answers: dict[str, Any] | None = None) -> AttemptView:
    session = attempt.session
    return AttemptView(
        attempt_id=attempt.id, seat_no=attempt.seat_no, settings=session.settings,
        content=session_content(session), variant=attempt.variant,
        answers=current_answers(attempt.id) if answers is None else answers)


def close_attempt(attempt: Attempt, state: AttemptState, reason: str, actor: str,
                  prescored: Prescored | None = None) -> bool:
    """Close an open attempt once (concurrent closers race safely) and score its answers
    (``prescored`` results are taken when the answers are still the ones they scored)."""
    at = clock.now()
    changed = db.session.execute(
        update(Attempt).where(Attempt.id == attempt.id, Attempt.state == AttemptState.OPEN.value)
        .values(state=state.value, closed_at=at, close_reason=reason)
        .execution_options(synchronize_session=False)).rowcount
    if not changed:
        return False
    db.session.refresh(attempt)
    score_attempt(attempt, prescored)
    audit.record(actor, f"attempt.{state.value}", f"attempt:{attempt.id}",
                 seat=attempt.seat_no, reason=reason)
    return True


def submit_attempt(attempt: Attempt, actor: str, prescored: Prescored | None = None) -> bool:
    return close_attempt(attempt, AttemptState.SUBMITTED, "contestant", actor, prescored)


def due_to_close(attempt: Any, at: datetime | None = None, session: Any = None) -> bool:
    """Still open but past its deadline and grace: a read-only request then needs a write.
    ``attempt`` and ``session`` may be models or rows, as for ``status_payload``."""
    session = session if session is not None else attempt.session
    return attempt.state == AttemptState.OPEN and timing.is_expired(
        attempt, session, at or clock.now(), grace_seconds())


def close_if_expired(attempt: Attempt, at: datetime | None = None) -> bool:
    if due_to_close(attempt, at):
        return close_attempt(attempt, AttemptState.CLOSED, "deadline", "system")
    return False


def close_expired(session: ModuleSession) -> int:
    """Close every attempt of the session whose time is up; returns how many closed.

    Runs under the write lock every few seconds (sweepers, the proctor's board): the open
    attempts are screened by their timing columns alone, not loaded whole with their variants.
    """
    at = clock.now()
    rows = db.session.execute(select(
        Attempt.id, Attempt.state, Attempt.started_at, Attempt.credit_s, Attempt.pause_base_s
    ).where(Attempt.session_id == session.id, Attempt.state == AttemptState.OPEN.value)).all()
    due = [row.id for row in rows if timing.is_expired(row, session, at, grace_seconds())]
    return sum(1 for attempt_id in due
               if close_if_expired(db.session.get(Attempt, attempt_id), at))


def status_payload(attempt: Any, at: datetime | None = None, session: Any = None
                   ) -> dict[str, Any]:
    """What a terminal needs to draw its countdown and lock state.

    ``attempt`` and ``session`` may be models or rows with the same column names.
    """
    at = at or clock.now()
    session = session if session is not None else attempt.session
    due = timing.deadline(attempt, session, at)
    open_ = timing.accepts_saves(attempt, session, at, grace_seconds())
    return {
        "state": attempt.state,
        "session_state": session.state,
        "paused": session.state == "paused",
        "open": open_ and at <= due,
        "deadline_ms": clock.epoch_ms(due),
        "remaining_ms": int(timing.remaining_seconds(attempt, session, at) * 1000),
        "server_now_ms": clock.epoch_ms(at),
        "last_seq": attempt.last_seq,
    }
