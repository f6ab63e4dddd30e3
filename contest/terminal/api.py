"""JSON endpoints of the terminal's script: heartbeat, autosave, submit.

Refusals carry an ``error`` code for the script and a Chinese ``message`` for the contestant.
"""
from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

from flask import abort, current_app, jsonify, request
from flask_login import current_user
from sqlalchemy import update

from .. import clock
from ..access import CONTESTANT, allow, reads_first
from ..db import write_transaction
from ..errors import refuse
from ..extensions import db
from ..lanes import ANSWERS, priority
from ..models import Attempt, AttemptEvent, AttemptState, Contestant, SessionState
from ..modules import get_module
from ..services import timing
from ..services.answers import check_items, store_answers
from ..services.autosave import attempt_for_save, view_for_checking
from ..services.broadcasts import acknowledge, unacknowledged
from ..services.content import session_content
from ..services.scores import prescore
from ..services.attempts import (close_if_expired, due_to_close, grace_seconds,
                                 status_payload, submit_attempt)
from . import bp
from .lookup import NOT_STARTED, NotStarted, lobby_rows, own_attempt
from .payload import PayloadError, parse_save_items

HEARTBEAT_EVERY = timedelta(seconds=15)


@bp.app_errorhandler(NotStarted)
def not_started(error: NotStarted) -> Any:
    return refuse(409, "not_started", NOT_STARTED)


@bp.route("/api/lobby", methods=["POST"])
@allow(CONTESTANT)
@priority(ANSWERS)
@reads_first
def lobby_state() -> Any:
    # The heartbeat's write first: when it waits for the write lock (an organizer's start
    # holds it while 300 attempts are created), the rows read after it are the new ones.
    _heartbeat()
    at, sessions = clock.now(), []
    for row in lobby_rows():
        ready = row.attempt_state == AttemptState.OPEN and \
            row.state in (SessionState.RUNNING, SessionState.PAUSED)
        sessions.append({"id": row.id, "title": row.title, "state": row.state,
                         "state_label": SessionState(row.state).label,
                         "attempt_url": f"/attempt/{row.attempt_id}" if ready else None,
                         # lobby.js opens the attempt this long after the answer came
                         # (rounded up: counted from the answer, it never ends early)
                         "starts_in_ms": math.ceil(timing.seconds_to_start(
                             row.started_at, at) * 1000) if ready else 0})
    notices = unacknowledged(current_user)
    return jsonify({"ok": True, "sessions": sessions, "broadcasts": notices,
                    "server_now_ms": clock.epoch_ms(at)})



@bp.route("/api/attempts/<int:attempt_id>/status", methods=["POST"])
@allow(CONTESTANT)
@priority(ANSWERS)
@reads_first
def attempt_status(attempt_id: int) -> Any:
    """The terminal's heartbeat: read as rows, like the autosave (the most frequent call)."""
    found = attempt_for_save(attempt_id, current_user.id)
    if found is None:
        abort(404)
    attempt, session = found
    if due_to_close(attempt, session=session):
        with write_transaction():
            close_if_expired(db.session.get(Attempt, attempt.id))
        attempt, session = attempt_for_save(attempt_id, current_user.id)
    payload = status_payload(attempt, session=session)
    notices = unacknowledged(current_user)
    _heartbeat()
    return jsonify({"ok": True, **payload, "broadcasts": notices})


@bp.route("/api/broadcasts/<int:broadcast_id>/ack", methods=["POST"])
@allow(CONTESTANT)
def broadcast_ack(broadcast_id: int) -> Any:
    if not acknowledge(current_user, broadcast_id):
        abort(404)
    db.session.commit()
    return jsonify({"ok": True})


@bp.route("/api/attempts/<int:attempt_id>/answers", methods=["POST"])
@allow(CONTESTANT)
@priority(ANSWERS)
@reads_first
def save_answers(attempt_id: int) -> Any:
    contestant_id, terminal_id = current_user.id, current_user.terminal_id
    found = attempt_for_save(attempt_id, contestant_id)
    if found is None:
        abort(404)
    attempt, session = found
    if (request.content_length or 0) > current_app.config["MAX_SAVE_BYTES"]:
        return _refused_save(attempt, 413, "too_large", "单次保存内容过大")
    try:
        items = parse_save_items(request.get_json(silent=True))
    except PayloadError as error:
        return _refused_save(attempt, 400, "bad_payload", str(error))
    at = clock.now()
    if not timing.has_begun(attempt, at):
        return _refused_save(attempt, 409, "not_started", NOT_STARTED)
    if not timing.accepts_saves(attempt, session, at, grace_seconds()):
        return _refused_save(attempt, 409, "closed", _closed_message(attempt, session))
    view = view_for_checking(attempt, session, session_content(session))
    checked = check_items(get_module(session.kind), view, items)
    payload = status_payload(attempt, at, session)
    heartbeat_due = _heartbeat_due(current_user.last_seen_at, at)
    with write_transaction():
        stored = store_answers(attempt.id, checked, terminal_id, at)
        if heartbeat_due:
            db.session.execute(update(Contestant).where(Contestant.id == contestant_id)
                               .values(last_seen_at=at))
    if not stored:
        return _refused_save(attempt, 409, "closed", "已交卷或已收卷")
    highest = max([payload["last_seq"], *(item.seq for item in checked.accepted)])
    return jsonify({"ok": True, "acked": checked.acked, "rejected": checked.rejected,
                    "saved_at_ms": clock.epoch_ms(at), **payload, "last_seq": highest})


@bp.route("/api/attempts/<int:attempt_id>/submit", methods=["POST"])
@allow(CONTESTANT)
@reads_first
def submit(attempt_id: int) -> Any:
    """Scored while only reading (a report pair takes a while), closed in a short write."""
    attempt = own_attempt(attempt_id)
    if due_to_close(attempt):
        with write_transaction():
            close_if_expired(attempt)
    if attempt.state != AttemptState.OPEN:
        db.session.commit()
        return refuse(409, "closed", _closed_message(attempt, attempt.session))
    if attempt.session.state == SessionState.PAUSED:
        # Nothing is written during a pause, a hand-in neither (its time breaks ties); not
        # "closed", which tells the terminal the attempt is over.
        db.session.commit()
        return refuse(409, "paused", "比赛已暂停,恢复后才能交卷")
    prescored, actor = prescore(attempt), current_user.audit_name
    with write_transaction():
        submit_attempt(attempt, actor, prescored)
    return jsonify({"ok": True, **status_payload(attempt)})


def _refused_save(found: Any, status: int, code: str, message: str) -> Any:
    """Log the refusal on the attempt (closing it if its time is up) and answer with a code."""
    with write_transaction():
        attempt = db.session.get(Attempt, found.id)
        close_if_expired(attempt)
        db.session.add(AttemptEvent(attempt_id=attempt.id, kind="save_refused", key=code,
                                    data={"status": status, "bytes": request.content_length or 0},
                                    at=clock.now()))
    return refuse(status, code, message)


def _closed_message(attempt: Any, session: Any = None) -> str:
    session = session if session is not None else attempt.session
    if session.state == SessionState.PAUSED:
        return "比赛已暂停,暂不能作答"
    if attempt.state == AttemptState.SUBMITTED:
        return "已交卷,不能再修改答案"
    return "作答时间已到,不能再修改答案"


def _heartbeat_due(seen: Any, at: Any) -> bool:
    return seen is None or at - seen > HEARTBEAT_EVERY


def _heartbeat() -> None:
    """Mark the terminal online, writing at most every HEARTBEAT_EVERY: polls only read."""
    now = clock.now()
    if _heartbeat_due(current_user.last_seen_at, now):
        contestant_id = current_user.id
        with write_transaction():
            db.session.execute(update(Contestant).where(Contestant.id == contestant_id)
                               .values(last_seen_at=now))
