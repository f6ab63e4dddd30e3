"""The chief judge's key correction: edit, preview the re-scoring, apply."""
from __future__ import annotations

from typing import Any, Mapping

from flask import abort, flash, redirect, render_template, request, url_for

from ...access import CHIEF_JUDGE, allow, reads_first
from ...extensions import db
from ...models import ModuleSession
from ...organizer.helpers import actor, flash_form_errors
from ...services.content import session_content
from .content import call_of, calls_of
from .correction import (LOCKED, CorrectionRefused, KeyEdit, apply_correction,
                         corrected_content, edit_problems, plan_rescore)
from .staff_forms import KeyForm
from .staff_views import capture_session


@allow(CHIEF_JUDGE)
def key_page(session_id: int) -> Any:
    session = capture_session(session_id)
    content = session_content(session)
    call = call_of(content, request.args.get("call") or calls_of(content)[0]["id"])
    if call is None:
        abort(404)
    form = KeyForm(formdata=None)
    form.fill(call["id"], session.content_version, call["key"])
    return _page(session, content, call, form)


@allow(CHIEF_JUDGE)
@reads_first
def key_preview(session_id: int) -> Any:
    """Re-score every closed attempt against the edited key; nothing is written."""
    session, content, form, edit = _posted(session_id)
    if edit is None:
        return _page(session, content, _call_or_first(content, form.call.data), form)
    new = corrected_content(content, edit, actor())
    form.previewed.data = edit.digest(session.content_version)
    return _page(session, content, call_of(content, edit.call_id), form,
                 plan=plan_rescore(session, new), edit=edit)


@allow(CHIEF_JUDGE)
def key_apply(session_id: int) -> Any:
    session, content, form, edit = _posted(session_id)
    if edit is None:
        return _page(session, content, _call_or_first(content, form.call.data), form)
    if form.previewed.data != edit.digest(form.version.data):
        flash("更正内容与预览不一致,请先预览再应用", "error")
        return _page(session, content, call_of(content, edit.call_id), form)
    try:
        plan = apply_correction(session, edit, form.version.data, actor())
    except CorrectionRefused as refusal:
        db.session.rollback()
        flash(str(refusal), "error")
    else:
        db.session.commit()
        flash(f"答案已更正,{len(plan.results)} 份作答已重新评分:"
              f"{plan.gained} 人加分,{plan.lost} 人减分")
    return redirect(url_for(".key_page", session_id=session.id, call=edit.call_id))


def _posted(session_id: int
            ) -> tuple[ModuleSession, Mapping[str, Any], KeyForm, KeyEdit | None]:
    """The session, its content, the posted form and its edit (None after flashing why the
    edit cannot be used)."""
    session = capture_session(session_id)
    content = session_content(session)
    form = KeyForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return session, content, form, None
    edit = KeyEdit(form.call.data, form.key(), form.alternatives(), form.reason.data.strip())
    problems = edit_problems(content, edit)
    if session.locked_at is not None:
        problems.insert(0, LOCKED)
    elif form.version.data != session.content_version:
        problems.insert(0, "答案已被他人更新,请重新打开本页")
    for problem in problems:
        flash(problem, "error")
    return session, content, form, None if problems else edit


def _call_or_first(content: Mapping[str, Any], call_id: Any) -> Mapping[str, Any]:
    found = call_of(content, call_id) if isinstance(call_id, str) else None
    return found or calls_of(content)[0]


def _page(session: ModuleSession, content: Mapping[str, Any], call: Any, form: KeyForm,
          **extra: Any) -> Any:
    calls = calls_of(content)
    number = next(n for n, c in enumerate(calls, start=1) if c["id"] == call["id"])
    return render_template("capture/key.html", session=session, calls=calls, call=call,
                           number=number, form=form,
                           corrections=list(reversed(content.get("corrections", []))), **extra)
