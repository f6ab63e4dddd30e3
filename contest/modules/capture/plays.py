"""Plays are granted, counted and logged by the server: one ``AttemptEvent(kind="play")`` per
grant, so a reload, a second tab or a spare terminal never resets the count. The clip itself is
served only against a short-lived signed token bound to one attempt and one call."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Mapping

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import func, select

from ... import clock
from ...extensions import db
from ...models import Attempt, AttemptEvent
from ...services.attempts import lock_attempt

PLAY = "play"
PLAY_REFUSED = "play_refused"
#: A token outlives its clip by this much: buffering, a slow terminal, a stalled network.
MARGIN_S = 60
_SALT = "capture.play"


class PlayRefused(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class PlayToken:
    attempt_id: int
    call_id: str
    play_no: int
    expires_ms: int

    def expired(self, at: datetime) -> bool:
        return (clock.epoch_ms(at) or 0) > self.expires_ms


@dataclass(frozen=True)
class PlayGrant:
    token: str
    play_no: int
    plays_left: int
    expires_ms: int


def plays_used(attempt_id: int) -> dict[str, int]:
    """Granted plays per call id."""
    rows = db.session.execute(
        select(AttemptEvent.key, func.count()).where(
            AttemptEvent.attempt_id == attempt_id, AttemptEvent.kind == PLAY)
        .group_by(AttemptEvent.key))
    return {key: count for key, count in rows}


def grant_play(attempt: Attempt, call: Mapping[str, Any], limit: int, terminal_id: str,
               at: datetime) -> PlayGrant:
    """Count and log one play, or raise PlayRefused. Runs in the request's write transaction;
    the attempt row is locked first so two tabs asking at once are counted one after the
    other (SQLite serialises writers anyway; PostgreSQL needs the row lock)."""
    lock_attempt(attempt.id)
    used = db.session.scalar(select(func.count()).where(
        AttemptEvent.attempt_id == attempt.id, AttemptEvent.kind == PLAY,
        AttemptEvent.key == call["id"])) or 0
    if used >= limit:
        db.session.add(AttemptEvent(attempt_id=attempt.id, kind=PLAY_REFUSED, key=call["id"],
                                    data={"used": used, "limit": limit, "terminal": terminal_id},
                                    at=at))
        raise PlayRefused("play_limit", f"本通来电的 {limit} 次播放机会已用完")
    expires = at + timedelta(seconds=float(call["audio"]["duration"]) + MARGIN_S)
    expires_ms = clock.epoch_ms(expires) or 0
    play_no = used + 1
    db.session.add(AttemptEvent(attempt_id=attempt.id, kind=PLAY, key=call["id"],
                                data={"play": play_no, "limit": limit, "terminal": terminal_id,
                                      "expires_ms": expires_ms}, at=at))
    token = _serializer().dumps([attempt.id, call["id"], play_no, expires_ms])
    return PlayGrant(token, play_no, limit - play_no, expires_ms)


def read_token(token: str) -> PlayToken | None:
    """The token's claims, or None when it is forged, altered or malformed."""
    try:
        claims = _serializer().loads(token)
    except BadSignature:
        return None
    if not (isinstance(claims, list) and len(claims) == 4):
        return None
    attempt_id, call_id, play_no, expires_ms = claims
    if not (isinstance(attempt_id, int) and isinstance(call_id, str)
            and isinstance(play_no, int) and isinstance(expires_ms, int)):
        return None
    return PlayToken(attempt_id, call_id, play_no, expires_ms)


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt=_SALT)
