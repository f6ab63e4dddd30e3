"""JSON endpoints of the terminal's script: heartbeat, autosave, submit.

Refusals carry an ``error`` code for the script and a Chinese ``message`` for the contestant.
"""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import current_app, jsonify, request
from flask_login import current_user

from .. import clock
from ..access import CONTESTANT, allow
from ..errors import refuse
from ..extensions import db
from ..models import AttemptEvent, AttemptState, SessionState
from ..services import timing
from ..services.answers import record_answers
from ..services.attempts import (attempt_view, close_if_expired, grace_seconds, status_payload,
                                 submit_attempt)
from . import bp
from .lookup import attempts_of_current_contestant, own_attempt
from .payload import PayloadError, parse_save_items

HEARTBEAT_EVERY = timedelta(seconds=15)


@bp.route("/api/lobby", methods=["POST"])
@allow(CONTESTANT)
def lobby_state() -> Any:
    _heartbeat()
    sessions = []
    for session, attempt in attempts_of_current_contestant():
        ready = attempt is not None and attempt.state == AttemptState.OPEN and \
            session.state in (SessionState.RUNNING, SessionState.PAUSED)
        sessions.append({"id": session.id, "title": session.title, "state": session.state,
                         "state_label": session.state_enum.label,
                         "attempt_url": f"/attempt/{attempt.id}" if ready else None})
    db.session.commit()
    return jsonify({"ok": True, "sessions": sessions, "server_now_ms": clock.epoch_ms(clock.now())})


@bp.route("/api/attempts/<int:attempt_id>/status", methods=["POST"])
@allow(CONTESTANT)
def attempt_status(attempt_id: int) -> Any:
    attempt = own_attempt(attempt_id)
    _heartbeat()
    close_if_expired(attempt)
    payload = status_payload(attempt)
    db.session.commit()
    return jsonify({"ok": True, **payload})


@bp.route("/api/attempts/<int:attempt_id>/answers", methods=["POST"])
@allow(CONTESTANT)
def save_answers(attempt_id: int) -> Any:
    attempt = own_attempt(attempt_id)
    if (request.content_length or 0) > current_app.config["MAX_SAVE_BYTES"]:
        return _refused_save(attempt, 413, "too_large", "单次保存内容过大")
    try:
        items = parse_save_items(request.get_json(silent=True))
    except PayloadError as error:
        return _refused_save(attempt, 400, "bad_payload", str(error))
    if not timing.accepts_saves(attempt, attempt.session, clock.now(), grace_seconds()):
        close_if_expired(attempt)
        return _refused_save(attempt, 409, "closed", _closed_message(attempt))
    outcome = record_answers(attempt, attempt_view(attempt, {}), items, current_user.terminal_id)
    _heartbeat()
    db.session.commit()
    return jsonify({"ok": True, "acked": outcome.acked, "rejected": outcome.rejected,
                    "saved_at_ms": clock.epoch_ms(attempt.last_save_at),
                    **status_payload(attempt)})


@bp.route("/api/attempts/<int:attempt_id>/submit", methods=["POST"])
@allow(CONTESTANT)
def submit(attempt_id: int) -> Any:
    attempt = own_attempt(attempt_id)
    close_if_expired(attempt)
    if attempt.state != AttemptState.OPEN:
        db.session.commit()
        return refuse(409, "closed", _closed_message(attempt))
    submit_attempt(attempt, current_user.audit_name)
    db.session.commit()
    return jsonify({"ok": True, **status_payload(attempt)})


def _refused_save(attempt: Any, status: int, code: str, message: str) -> Any:
    db.session.add(AttemptEvent(attempt_id=attempt.id, kind="save_refused", key=code,
                                data={"status": status, "bytes": request.content_length or 0},
                                at=clock.now()))
    db.session.commit()
    return refuse(status, code, message)


def _closed_message(attempt: Any) -> str:
    if attempt.session.state == SessionState.PAUSED:
        return "比赛已暂停,暂不能作答"
    if attempt.state == AttemptState.SUBMITTED:
        return "已交卷,不能再修改答案"
    return "作答时间已到,不能再修改答案"


def _heartbeat() -> None:
    now = clock.now()
    seen = current_user.last_seen_at
    if seen is None or now - seen > HEARTBEAT_EVERY:
        current_user.last_seen_at = now
