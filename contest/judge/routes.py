"""Judges' pages: sessions, seats, one seat's items, overrides."""
from __future__ import annotations

from typing import Any

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ..access import CHIEF_JUDGE, JUDGES, allow
from ..db import write_transaction
from ..extensions import db
from ..hardening import database_int, is_database_id
from ..models import Appeal, ModuleSession
from ..modules import get_module
from ..services.attempts import attempt_view
from ..services.scores import OverrideRefused, effective_results, override_item
from ..organizer.forms import ActionForm
from ..views import flash_form_errors, get_or_404, run_and_flash
from ..services.locking import LockRefused, lock_blockers, lock_session
from ..services.sessions import finish_if_due
from . import bp
from .forms import OverrideForm
from .seats import attempt_by_seat, seat_summaries


@bp.route("/")
@allow(*JUDGES)
def dashboard() -> Any:
    sessions = db.session.execute(select(ModuleSession).order_by(
        ModuleSession.contest_id.desc(), ModuleSession.position)).scalars().all()
    return render_template("judge/dashboard.html", sessions=sessions)


@bp.route("/sessions/<int:session_id>")
@allow(*JUDGES)
def session_seats(session_id: int) -> Any:
    session = _session_or_404(session_id)
    with write_transaction():
        finish_if_due(session)
    return render_template("judge/session.html", session=session,
                           module=get_module(session.kind), seats=seat_summaries(session))


@bp.route("/sessions/<int:session_id>/seats/<seat>")
@allow(*JUDGES)
def seat_detail(session_id: int, seat: str) -> Any:
    session = _session_or_404(session_id)
    attempt = attempt_by_seat(session, seat)
    module = get_module(session.kind)
    results = effective_results(attempt)
    view = attempt_view(attempt)
    return render_template("judge/seat.html", session=session, module=module, attempt=attempt,
                           results=results, form=OverrideForm(),
                           appeal_id=request.args.get("appeal", type=database_int),
                           **module.judge_context(view, results))


@bp.route("/sessions/<int:session_id>/seats/<seat>/override", methods=["POST"])
@allow(*JUDGES)
def seat_override(session_id: int, seat: str) -> Any:
    session = _session_or_404(session_id)
    attempt = attempt_by_seat(session, seat)
    form = OverrideForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
    else:
        run_and_flash(lambda: override_item(
            attempt, form.item_key.data, float(form.points.data), form.reason.data,
            current_user, _appeal(form.appeal_id.data)), OverrideRefused, "已改分并记录理由")
    return redirect(url_for("judge.seat_detail", session_id=session.id, seat=seat))


@bp.route("/sessions/<int:session_id>/lock", methods=["GET", "POST"])
@allow(CHIEF_JUDGE)
def session_lock(session_id: int) -> Any:
    session = _session_or_404(session_id)
    with write_transaction():
        finish_if_due(session)
    form = ActionForm()
    if form.validate_on_submit():
        run_and_flash(lambda: lock_session(session, current_user), LockRefused,
                      "本模块成绩已锁定;此后改分须经申诉")
        return redirect(url_for("judge.session_lock", session_id=session.id))
    return render_template("judge/lock.html", session=session, form=form,
                           blockers=lock_blockers(session) if not session.locked_at else [])


def _appeal(appeal_id: str | None) -> Appeal | None:
    if not appeal_id:
        return None
    appeal = db.session.get(Appeal, int(appeal_id)) if is_database_id(appeal_id) else None
    if appeal is None:
        abort(404)
    return appeal


def _session_or_404(session_id: int) -> ModuleSession:
    return get_or_404(ModuleSession, session_id)
