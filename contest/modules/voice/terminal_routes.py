"""The contestant's voice endpoints: take uploads in chunks, prompt plays, device problems."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, jsonify, request, send_file
from flask_login import current_user

from ... import clock
from ...access import CONTESTANT, allow, reads_first
from ...db import write_transaction
from ...errors import refuse
from ...extensions import db
from ...models import Attempt, AttemptEvent, UploadState, VoiceUpload
from ...services import timing
from ...services.attempt_events import PLAY, count_events, log_play
from ...services.attempts import grace_seconds
from ...services.content import session_content
from ...storage import storage
from ...terminal.lookup import own_attempt
from .uploads import (UploadRefused, accept_chunk, assemble, record_take, refuse_upload,
                      staged_progress, start_upload)

#: What the recorder reports; the label is what the proctor's board shows.
DEVICE_PROBLEMS = {
    "insecure": "页面不是安全连接(需 HTTPS),浏览器禁用麦克风",
    "no_microphone": "没有检测到麦克风",
    "denied": "麦克风权限被拒绝",
    "recorder": "浏览器无法录音",
    "ok": "",
}


def install(bp: Blueprint) -> None:
    bp.add_url_rule("/api/attempts/<int:attempt_id>/uploads", view_func=upload_start,
                     methods=["POST"])
    bp.add_url_rule("/api/attempts/<int:attempt_id>/uploads/<int:upload_id>/chunks/<int:index>",
                    view_func=upload_chunk, methods=["POST"])
    bp.add_url_rule("/api/attempts/<int:attempt_id>/prompt", view_func=prompt_play,
                    methods=["POST"])
    bp.add_url_rule("/api/attempts/<int:attempt_id>/device", view_func=device_problem,
                    methods=["POST"])


#: The plays of the 复述 prompt are logged under this key.
PROMPT = "repeat"


def plays_used(attempt_id: int) -> int:
    return count_events(attempt_id, PLAY, PROMPT)


def _refuse_if_closed(attempt: Attempt) -> None:
    if not timing.accepts_saves(attempt, attempt.session, clock.now(), grace_seconds()):
        raise UploadRefused(409, "closed", "作答时间已到或已交卷,不能再提交录音")


def _refusal(error: UploadRefused) -> Any:
    """JSON like ``errors.refuse``, plus where the upload stands (``next`` chunk)."""
    return jsonify({"ok": False, "error": error.code, "message": error.message,
                    **error.extra}), error.status


def _state(upload: VoiceUpload, progress: tuple[int, int] | None = None, **extra: Any) -> Any:
    """Where the upload stands: an open one's progress is its staged chunks."""
    if progress is None:
        progress = staged_progress(upload.id) if upload.state == UploadState.OPEN else \
            (upload.next_chunk, upload.bytes_received)
    return jsonify({"ok": True, "upload_id": upload.id, "next": progress[0],
                    "received": progress[1], "state": upload.state, **extra})


@allow(CONTESTANT)
@reads_first
def upload_start(attempt_id: int) -> Any:
    attempt = own_attempt(attempt_id, "voice")
    content = session_content(attempt.session)
    try:
        upload = start_upload(attempt, content, request.get_json(silent=True),
                              lambda: _refuse_if_closed(attempt))
    except UploadRefused as error:
        return _refusal(error)
    if upload.state == UploadState.REFUSED:
        return _refusal(UploadRefused(422, "refused", upload.refusal))
    if upload.state == UploadState.COMPLETE:
        return _state(upload, file_id=upload.stored_file_id, sha256=upload.declared_sha256)
    return _state(upload)


@allow(CONTESTANT)
@reads_first
def upload_chunk(attempt_id: int, upload_id: int, index: int) -> Any:
    attempt = own_attempt(attempt_id, "voice")
    upload = db.session.get(VoiceUpload, upload_id)
    if upload is None or upload.attempt_id != attempt.id:
        abort(404)
    data = request.get_data(cache=False)
    try:
        _refuse_if_closed(attempt)
        progress = accept_chunk(upload, index, data)
        if progress[1] < upload.declared_size:
            return _state(upload, progress)
        return _finish(attempt, upload, progress[0])
    except UploadRefused as error:
        return _refusal(error)


def _finish(attempt: Attempt, upload: VoiceUpload, chunks: int) -> Any:
    limits = session_content(attempt.session)["limits"]
    try:
        data, probe = assemble(upload, chunks, limits)
    except UploadRefused as error:
        with write_transaction():
            refuse_upload(upload, error)
        raise
    blob = storage().put(data)
    try:
        with write_transaction():
            value = record_take(upload, attempt, blob, probe, limits,
                                current_user.terminal_id or "")
    except UploadRefused as error:
        if error.code != "complete":
            with write_transaction():
                refuse_upload(db.session.get(VoiceUpload, upload.id), error)
        raise
    return _state(upload, state="complete", file=value, sha256=value["sha256"])


@allow(CONTESTANT)
@reads_first
def prompt_play(attempt_id: int) -> Any:
    """One play of the 复述 prompt, counted by the server before the audio is sent. Checked
    while only reading; the count is one short write, so a start burst of 300 prompt plays
    does not hold the database's write lock while pages and saves wait."""
    attempt = own_attempt(attempt_id, "voice")
    content = session_content(attempt.session)
    repeat = content.get("repeat")
    if not repeat:
        abort(404)
    try:
        _refuse_if_closed(attempt)
    except UploadRefused as error:
        return _refusal(error)
    allowed = content["limits"]["prompt_plays"]
    with write_transaction():
        used = log_play(attempt.id, PROMPT, allowed, {}, clock.now())
    if used >= allowed:
        return refuse(409, "plays_used", f"题目录音只能播放 {allowed} 次,已用完")
    response = send_file(storage().path(repeat["audio"]["key"]), mimetype="audio/mpeg")
    response.headers["X-Plays-Left"] = str(allowed - used - 1)
    response.headers["Cache-Control"] = "no-store"
    return response


@allow(CONTESTANT)
def device_problem(attempt_id: int) -> Any:
    """The recorder tells the proctor's board what is wrong with the microphone (or that it
    works again, ``ok``)."""
    attempt = own_attempt(attempt_id, "voice")
    body = request.get_json(silent=True) or {}
    problem = body.get("problem") if isinstance(body, dict) else None
    if problem not in DEVICE_PROBLEMS:
        return refuse(400, "bad_payload", "设备问题类型不正确")
    detail = str(body.get("detail") or "")[:200]
    db.session.add(AttemptEvent(attempt_id=attempt.id, kind="device_problem", key=problem,
                                data={"label": DEVICE_PROBLEMS[problem], "detail": detail},
                                at=clock.now()))
    db.session.commit()
    return jsonify({"ok": True})
