"""The proctor's live view of every seat in a session."""
from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from sqlalchemy import Text, cast, func, select

from .. import clock
from ..extensions import db
from ..models import Attempt, AttemptEvent, Contestant, CurrentAnswer, ModuleSession
from ..modules import EMPTY_ANSWERS, get_module
from ..services import timing
from ..services.content import session_content

ONLINE_WITHIN = timedelta(seconds=40)
#: How the database stores each unanswered value (an SQL NULL fails NOT IN as well).
_EMPTY_JSON = tuple(json.dumps(value) for value in EMPTY_ANSWERS)


def session_board(session: ModuleSession) -> list[dict[str, Any]]:
    keys = get_module(session.kind).item_keys(session_content(session))
    at = clock.now()
    rows = db.session.execute(select(Attempt, Contestant).join(
        Contestant, Attempt.contestant_id == Contestant.id).where(
        Attempt.session_id == session.id).order_by(Attempt.seat_no)).all()
    answered = answered_counts(session.id, keys)
    devices = _device_problems([attempt.id for attempt, _ in rows])
    return [{**_seat_row(session, attempt, contestant, at),
             "answered": answered.get(attempt.id, 0), "total": len(keys),
             "device_problem": devices.get(attempt.id, "")}
            for attempt, contestant in rows]


def answered_counts(session_id: int, keys: list[str]) -> dict[int, int]:
    """How many of ``keys`` each attempt of the session has answered, counted by the database.
    The board is refreshed every few seconds; loading and decoding every answer of 300 seats
    × 80 questions took ~1 s of CPU each time."""
    if not keys:
        return {}
    return dict(db.session.execute(
        select(CurrentAnswer.attempt_id, func.count())
        .join(Attempt, Attempt.id == CurrentAnswer.attempt_id)
        .where(Attempt.session_id == session_id, CurrentAnswer.item_key.in_(keys),
               cast(CurrentAnswer.value, Text).not_in(_EMPTY_JSON))
        .group_by(CurrentAnswer.attempt_id)).tuples().all())


def _device_problems(attempt_ids: list[int]) -> dict[int, str]:
    """The latest device report per seat (a module's ``device_problem`` events, e.g. no
    microphone); empty once the terminal reports the device working again."""
    latest: dict[int, str] = {}
    if attempt_ids:
        for event in db.session.execute(select(AttemptEvent).where(
                AttemptEvent.attempt_id.in_(attempt_ids), AttemptEvent.kind == "device_problem")
                .order_by(AttemptEvent.id)).scalars():
            latest[event.attempt_id] = str(event.data.get("label", event.key))
    return latest


def _seat_row(session: ModuleSession, attempt: Attempt, contestant: Contestant,
              at: Any) -> dict[str, Any]:
    seen = contestant.last_seen_at
    return {
        "attempt_id": attempt.id,
        "seat": attempt.seat_no,
        "exam_no": contestant.exam_no,
        "name": contestant.name,
        "state": attempt.state,
        "state_label": attempt.state_enum.label,
        "online": seen is not None and at - seen <= ONLINE_WITHIN,
        "last_seen_ms": clock.epoch_ms(seen),
        "last_save_ms": clock.epoch_ms(attempt.last_save_at),
        "remaining_s": int(timing.remaining_seconds(attempt, session, at)),
        "credit_min": round(attempt.credit_s / 60, 1),
        "terminal_bound": bool(contestant.terminal_id),
    }
