"""The contestant's report endpoints: the frozen raw workbook, and the two uploads."""
from __future__ import annotations

from typing import Any

from flask import jsonify, request, send_file
from flask_login import current_user

from ... import clock
from ...access import CONTESTANT, allow, reads_first
from ...db import write_transaction
from ...errors import refuse
from ...models import Attempt, AttemptState
from ...services import timing
from ...services.attempts import grace_seconds
from ...services.content import session_content
from ...storage import storage
from ...terminal.lookup import own_attempt
from .content import task_of
from .uploads import MIMES, UploadRefused, check_office, read_upload, record_upload

KIND = "report"


def _refuse_if_closed(attempt: Attempt) -> None:
    if not timing.accepts_saves(attempt, attempt.session, clock.now(), grace_seconds()):
        raise UploadRefused(409, "closed", "作答时间已到、比赛暂停或已交卷,文件未被接受")


@allow(CONTESTANT)
def raw_data(attempt_id: int) -> Any:
    """The raw workbook frozen at set-up, while the contestant's own attempt is open."""
    attempt = own_attempt(attempt_id, KIND)
    if attempt.state != AttemptState.OPEN or timing.is_expired(
            attempt, attempt.session, clock.now(), grace_seconds()):
        return refuse(409, "closed", "本场作答已结束,不能再下载原始数据")
    return raw_response(session_content(attempt.session)["raw"])


def raw_response(raw: dict[str, Any]) -> Any:
    if not storage().exists(raw["storage_key"]):
        return refuse(404, "missing", "原始数据文件在服务器存储中找不到,请联系技术人员")
    response = send_file(storage().path(raw["storage_key"]), mimetype=MIMES["xlsx"],
                         as_attachment=True, download_name=raw["name"], etag=raw["sha256"],
                         conditional=True, max_age=0)
    response.headers["Cache-Control"] = "no-store"
    return response


@allow(CONTESTANT)
@reads_first
def upload(attempt_id: int, slot: str) -> Any:
    """One file for a slot: checked while only reading, stored in a short write."""
    attempt = own_attempt(attempt_id, KIND)
    terminal_id = current_user.terminal_id or ""
    try:
        _refuse_if_closed(attempt)
        data, name = read_upload(request.files.get("file"), slot)
        check_office(data, slot, task_of(session_content(attempt.session)))
        blob = storage().put(data)
        with write_transaction():
            _refuse_if_closed(attempt)
            value = record_upload(attempt, slot, blob, name, terminal_id)
    except UploadRefused as refusal:
        return refuse(refusal.status, refusal.code, refusal.message)
    return jsonify({"ok": True, "slot": slot, "file": value})
