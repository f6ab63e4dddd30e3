"""Staff downloads: a seat's uploads for judges (blind: metadata stripped, named by seat),
and the raw workbook for anyone preparing or judging the session."""
from __future__ import annotations

import io
from typing import Any

from flask import abort, send_file

from scoring.office_safety import strip_identifying_metadata

from ...access import JUDGES, STAFF, allow
from ...errors import refuse
from ...extensions import db
from ...judge.seats import attempt_by_seat
from ...models import AttemptState, ModuleSession
from ...services.answers import current_answers
from ...services.content import session_content
from .terminal_views import KIND, raw_response
from .uploads import MIMES, file_bytes, item_key, stored_file

NAMES = {"xlsx": "Excel工作簿", "docx": "Word报告"}


def _report_session(session_id: int) -> ModuleSession:
    session = db.session.get(ModuleSession, session_id)
    if session is None or session.kind != KIND:
        abort(404)
    return session


@allow(*JUDGES)
def judge_file(session_id: int, seat: str, slot: str) -> Any:
    attempt = attempt_by_seat(_report_session(session_id), seat)
    if attempt.state == AttemptState.OPEN:
        return refuse(409, "open", "该赛位仍在作答,收卷后才能下载其文件")
    value = current_answers(attempt.id).get(item_key(slot))
    file = stored_file(value)
    data = file_bytes(value) if file is not None and file.attempt_id == attempt.id else None
    if data is None:
        return refuse(404, "no_file", "该赛位没有上传此文件")
    blind = strip_identifying_metadata(data, slot)
    response = send_file(io.BytesIO(blind), mimetype=MIMES[slot], as_attachment=True,
                         download_name=f"赛位{seat}_{NAMES[slot]}.{slot}")
    response.headers["Cache-Control"] = "private, no-store"
    return response


@allow(*STAFF)
def staff_raw_data(session_id: int) -> Any:
    return raw_response(session_content(_report_session(session_id))["raw"])
