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
from ...models import AttemptEvent
from ...services.attempt_events import PLAY, log_event, log_play

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
    attempt_id: int
    call_id: str
    play_no: int
    plays_left: int
    expires_ms: int

    def token(self) -> str:
        """The clip's signed token (made after the write: signing needs no lock)."""
        return _serializer().dumps([self.attempt_id, self.call_id, self.play_no,
                                    self.expires_ms])


def plays_used(attempt_id: int) -> dict[str, int]:
    """Granted plays per call id."""
    rows = db.session.execute(
        select(AttemptEvent.key, func.count()).where(
            AttemptEvent.attempt_id == attempt_id, AttemptEvent.kind == PLAY)
        .group_by(AttemptEvent.key))
    return {key: count for key, count in rows}


def grant_play(attempt_id: int, call: Mapping[str, Any], limit: int, terminal_id: str,
               at: datetime) -> PlayGrant:
    """Count and log one play, or raise PlayRefused (the refusal logged too). Runs in the
    request's write transaction."""
    expires = at + timedelta(seconds=float(call["audio"]["duration"]) + MARGIN_S)
    expires_ms = clock.epoch_ms(expires) or 0
    used = log_play(attempt_id, call["id"], limit,
                    {"limit": limit, "terminal": terminal_id, "expires_ms": expires_ms}, at)
    if used >= limit:
        log_event(attempt_id, PLAY_REFUSED, call["id"],
                  {"used": used, "limit": limit, "terminal": terminal_id}, at)
        raise PlayRefused("play_limit", f"本通来电的 {limit} 次播放机会已用完")
    return PlayGrant(attempt_id, call["id"], used + 1, limit - used - 1, expires_ms)


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
