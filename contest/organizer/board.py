"""The proctor's live view of every seat in a session."""
from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from .. import clock
from ..extensions import db
from ..models import Attempt, AttemptEvent, Contestant, CurrentAnswer, ModuleSession
from ..modules import AttemptView, get_module
from ..services import timing
from ..services.content import session_content

ONLINE_WITHIN = timedelta(seconds=40)


def session_board(session: ModuleSession) -> list[dict[str, Any]]:
    module = get_module(session.kind)
    at = clock.now()
    rows = db.session.execute(select(Attempt, Contestant).join(
        Contestant, Attempt.contestant_id == Contestant.id).where(
        Attempt.session_id == session.id).order_by(Attempt.seat_no)).all()
    answers = _answers_by_attempt([attempt.id for attempt, _ in rows])
    devices = _device_problems([attempt.id for attempt, _ in rows])
    return [{**_seat_row(module, session, attempt, contestant, answers[attempt.id], at),
             "device_problem": devices.get(attempt.id, "")}
            for attempt, contestant in rows]


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


def _answers_by_attempt(attempt_ids: list[int]) -> dict[int, dict[str, Any]]:
    grouped: dict[int, dict[str, Any]] = defaultdict(dict)
    if attempt_ids:
        for row in db.session.execute(select(CurrentAnswer).where(
                CurrentAnswer.attempt_id.in_(attempt_ids))).scalars():
            grouped[row.attempt_id][row.item_key] = row.value
    return grouped


def _seat_row(module: Any, session: ModuleSession, attempt: Attempt, contestant: Contestant,
              answers: dict[str, Any], at: Any) -> dict[str, Any]:
    view = AttemptView(attempt.id, attempt.seat_no, session.settings, session_content(session),
                       attempt.variant, answers)
    answered, total = module.progress(view)
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
        "answered": answered,
        "total": total,
        "remaining_s": int(timing.remaining_seconds(attempt, session, at)),
        "credit_min": round(attempt.credit_s / 60, 1),
        "terminal_bound": bool(contestant.terminal_id),
    }
