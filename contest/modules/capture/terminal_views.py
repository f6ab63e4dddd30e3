"""The contestant's play requests and the clip stream behind them."""
from __future__ import annotations

from typing import Any, Mapping

from flask import abort, jsonify, request, send_file, url_for
from flask_login import current_user

from ... import clock
from ...access import CONTESTANT, allow, reads_first
from ...db import write_transaction
from ...errors import refuse
from ...models import Attempt, AttemptState, SessionState
from ...services import timing
from ...services.attempts import close_if_expired, due_to_close, grace_seconds
from ...services.content import session_content
from ...storage import storage
from ...terminal.lookup import own_attempt
from .content import call_of
from .plays import PlayRefused, grant_play, read_token

KIND = "capture"


@allow(CONTESTANT)
@reads_first
def play(attempt_id: int) -> Any:
    """Grant one play of a call: counted and logged before any audio is sent. Checked while
    only reading; the count and the log are one short write."""
    attempt = own_attempt(attempt_id, KIND)
    session = attempt.session
    body = request.get_json(silent=True)
    call_id = body.get("call") if isinstance(body, dict) else None
    call = call_of(session_content(session), call_id) if isinstance(call_id, str) else None
    if call is None:
        return refuse(404, "unknown_call", "来电不存在")
    if due_to_close(attempt):
        with write_transaction():
            close_if_expired(attempt)
    at = clock.now()
    closed = _closed_message(attempt, at)
    if closed:
        return refuse(409, "closed", closed)
    limit, terminal_id = int(session.settings["plays_per_call"]), current_user.terminal_id or ""
    with write_transaction():
        try:
            grant, refusal = grant_play(attempt.id, call, limit, terminal_id, at), None
        except PlayRefused as error:  # the refused request stays in the attempt's log
            grant, refusal = None, error
    if refusal is not None:
        return refuse(409, refusal.code, refusal.message)
    return jsonify({"ok": True, "call": call["id"], "plays_left": grant.plays_left,
                    "play": grant.play_no, "expires_ms": grant.expires_ms,
                    "duration": call["audio"]["duration"],
                    "url": url_for(".clip", attempt_id=attempt_id, t=grant.token())})


def _closed_message(attempt: Attempt, at: Any) -> str:
    session = attempt.session
    if attempt.state != AttemptState.OPEN:
        return "本场作答已结束,不能再播放"
    if session.state == SessionState.PAUSED:
        return "比赛已暂停,暂不能播放"
    if session.state != SessionState.RUNNING or timing.remaining_seconds(
            attempt, session, at) <= 0:
        return "作答时间已到,不能再播放"
    return ""


@allow(CONTESTANT)
def clip(attempt_id: int) -> Any:
    """Stream a granted clip (Range requests work, nothing is cached)."""
    attempt = own_attempt(attempt_id, KIND)
    token = read_token(request.args.get("t", ""))
    if token is None or token.attempt_id != attempt.id:
        return refuse(403, "bad_token", "播放凭证无效")
    at = clock.now()
    if token.expired(at):
        return refuse(403, "expired", "播放凭证已过期")
    if attempt.state != AttemptState.OPEN or timing.is_expired(
            attempt, attempt.session, at, grace_seconds()):
        return refuse(409, "closed", "本场作答已结束,不能再播放")
    call = call_of(session_content(attempt.session), token.call_id)
    if call is None:
        abort(404)
    return audio_response(call["audio"])


def audio_response(audio: Mapping[str, Any]) -> Any:
    if not storage().exists(audio["storage_key"]):
        return refuse(404, "missing_audio", "录音文件缺失,请联系监考老师")
    response = send_file(storage().path(audio["storage_key"]), mimetype="audio/mpeg",
                         conditional=True, etag=audio["sha256"], max_age=0)
    response.headers["Cache-Control"] = "no-store"
    return response
