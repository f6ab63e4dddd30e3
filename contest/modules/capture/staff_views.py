"""Staff routes: listening to a call (judges, organizers) and replacing its recording."""
from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, request, url_for

from ...access import JUDGES, ORGANIZER, allow
from ...extensions import db
from ...models import ModuleSession
from ...organizer.helpers import actor, flash_form_errors
from ...services.content import session_content
from .content import call_of
from .recordings import RecordingRefused, replace_recording
from .staff_forms import RecordingForm
from .terminal_views import KIND, audio_response


def capture_session(session_id: int) -> ModuleSession:
    session = db.session.get(ModuleSession, session_id)
    if session is None or session.kind != KIND:
        abort(404)
    return session


@allow(ORGANIZER, *JUDGES)
def staff_clip(session_id: int) -> Any:
    """A call's recording with no play limit: judges check a disputed key against it."""
    session = capture_session(session_id)
    call = call_of(session_content(session), request.args.get("call", ""))
    if call is None:
        abort(404)
    return audio_response(call["audio"])


@allow(ORGANIZER)
def recording_upload(session_id: int) -> Any:
    session = capture_session(session_id)
    form = RecordingForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
    else:
        try:
            replace_recording(session, form.call.data, form.recording.data, actor())
        except RecordingRefused as refusal:
            db.session.rollback()
            flash(str(refusal), "error")
        else:
            db.session.commit()
            flash(f"来电 {form.call.data} 的录音已更换")
    return redirect(url_for("organizer.session_preview", session_id=session.id))
