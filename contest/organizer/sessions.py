"""Module sessions: add, preview, start, pause, resume, end, credit time, statistics."""
from __future__ import annotations

import math
from typing import Any

from flask import (abort, current_app, flash, jsonify, redirect, render_template, request,
                   url_for)
from flask_login import current_user
from sqlalchemy import select

from .. import clock
from ..access import ORGANIZER, allow, reads_first
from ..db import write_transaction
from ..extensions import db
from ..models import Attempt, Contest, Contestant, ModuleSession
from ..modules import ModuleSetupError, get_module
from ..services.sessions import (SessionActionRefused, add_session, credit_time, draw_variants,
                                 end_session, finish_if_due, open_late_attempt, pause_session,
                                 resume_session, start_session)
from ..services.statistics import session_item_statistics
from ..services.timing import seconds_to_start
from . import bp
from .board import session_board
from .forms import ActionForm, CreditForm, ReasonForm, StartForm
from .helpers import actor, flash_form_errors, get_or_404, run_and_flash


@bp.route("/contests/<int:contest_id>/sessions/new/<kind>", methods=["GET", "POST"])
@allow(ORGANIZER)
def session_new(contest_id: int, kind: str) -> Any:
    contest = get_or_404(Contest, contest_id)
    try:
        module = get_module(kind)
    except KeyError:
        abort(404)
    form = module.settings_form()
    if request.method == "GET":
        form.process(data={"title": module.title, "weight": module.default_weight,
                           "duration_min": module.default_duration_min,
                           **module.default_settings()})
    elif form.validate_on_submit():
        try:
            session = add_session(contest, kind, form.title.data.strip(), float(form.weight.data),
                                  form.duration_min.data, form.module_settings(), actor())
        except ModuleSetupError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash("场次已添加,内容已固定,可预览")
            return redirect(url_for("organizer.session_detail", session_id=session.id))
    return render_template("organizer/session_new.html", contest=contest, module=module,
                           form=form)


@bp.route("/sessions/<int:session_id>")
@allow(ORGANIZER)
def session_detail(session_id: int) -> Any:
    session = get_or_404(ModuleSession, session_id)
    with write_transaction():
        finish_if_due(session)
    late = _checked_in_without_attempt(session)
    return render_template("organizer/session.html", session=session,
                           module=get_module(session.kind), board=session_board(session),
                           action_form=ActionForm(), reason_form=ReasonForm(),
                           credit_form=CreditForm(), start_form=_start_form(), late=late,
                           starts_in_s=_starts_in_s(session))


def _start_form() -> StartForm:
    return StartForm(int(current_app.config["START_COUNTDOWN_SECONDS"]))


def _starts_in_s(session: ModuleSession) -> int:
    return math.ceil(seconds_to_start(session.started_at, clock.now()))


@bp.route("/api/sessions/<int:session_id>/board")
@allow(ORGANIZER)
def session_board_json(session_id: int) -> Any:
    session = get_or_404(ModuleSession, session_id)
    with write_transaction():
        finish_if_due(session)
    return jsonify({"ok": True, "state": session.state, "state_label": session.state_enum.label,
                    "server_now_ms": clock.epoch_ms(clock.now()), "seats": session_board(session)})


@bp.route("/sessions/<int:session_id>/preview")
@allow(ORGANIZER)
def session_preview(session_id: int) -> Any:
    session = get_or_404(ModuleSession, session_id)
    module = get_module(session.kind)
    return render_template("organizer/session_preview.html", session=session, module=module,
                           summary=module.content_summary(session.content),
                           **module.preview_context(session.content))


@bp.route("/sessions/<int:session_id>/start", methods=["POST"])
@allow(ORGANIZER)
@reads_first
def session_start(session_id: int) -> Any:
    """The variants are drawn while only reading, so the write lock that every terminal's
    lobby poll and save waits for is held for the attempts' rows alone."""
    session = get_or_404(ModuleSession, session_id)
    form = _start_form()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return redirect(url_for("organizer.session_detail", session_id=session.id))
    variants, countdown = draw_variants(session), form.countdown.data

    def start() -> None:
        with write_transaction():
            start_session(db.session.get(ModuleSession, session_id), actor(), variants,
                          countdown)

    return _run(session, start, f"已开始,{countdown} 秒后统一开考、开始计时" if countdown
                else "已开始,计时开始")


@bp.route("/sessions/<int:session_id>/<any(resume, end):action>", methods=["POST"])
@allow(ORGANIZER)
def session_action(session_id: int, action: str) -> Any:
    session = get_or_404(ModuleSession, session_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    operations = {"resume": resume_session, "end": end_session}
    done = {"resume": "已继续,计时恢复", "end": "已结束"}
    return _run(session, lambda: operations[action](session, actor()), done[action])


@bp.route("/sessions/<int:session_id>/pause", methods=["POST"])
@allow(ORGANIZER)
def session_pause(session_id: int) -> Any:
    session = get_or_404(ModuleSession, session_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return redirect(url_for("organizer.session_detail", session_id=session.id))
    return _run(session, lambda: pause_session(session, form.reason.data.strip(), actor()),
                "已暂停,所有选手计时冻结")


@bp.route("/sessions/<int:session_id>/attempts/<int:attempt_id>/credit", methods=["POST"])
@allow(ORGANIZER)
def attempt_credit(session_id: int, attempt_id: int) -> Any:
    session = get_or_404(ModuleSession, session_id)
    attempt = get_or_404(Attempt, attempt_id)
    if attempt.session_id != session.id:
        abort(404)
    form = CreditForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return redirect(url_for("organizer.session_detail", session_id=session.id))
    return _run(session, lambda: credit_time(attempt, float(form.minutes.data),
                                             form.reason.data, current_user),
                f"已为赛位 {attempt.seat_no} 补时 {form.minutes.data} 分钟")


@bp.route("/sessions/<int:session_id>/late/<int:contestant_id>", methods=["POST"])
@allow(ORGANIZER)
def attempt_open_late(session_id: int, contestant_id: int) -> Any:
    session = get_or_404(ModuleSession, session_id)
    contestant = get_or_404(Contestant, contestant_id)
    if contestant.contest_id != session.contest_id or not ActionForm().validate_on_submit():
        abort(404)
    return _run(session, lambda: open_late_attempt(session, contestant, actor()),
                f"已为赛位 {contestant.seat_no} 补开考")


@bp.route("/sessions/<int:session_id>/stats")
@allow(ORGANIZER)
def session_stats(session_id: int) -> Any:
    session = get_or_404(ModuleSession, session_id)
    with write_transaction():
        finish_if_due(session)
    return render_template("organizer/session_stats.html", session=session,
                           stats=session_item_statistics(session))


def _run(session: ModuleSession, operation: Any, success: str) -> Any:
    run_and_flash(operation, SessionActionRefused, success)
    return redirect(url_for("organizer.session_detail", session_id=session.id))


def _checked_in_without_attempt(session: ModuleSession) -> list[Contestant]:
    if session.state == "draft":
        return []
    started = select(Attempt.contestant_id).where(Attempt.session_id == session.id)
    return list(db.session.execute(select(Contestant).where(
        Contestant.contest_id == session.contest_id, Contestant.status == "present",
        Contestant.seat_no.is_not(None), Contestant.id.not_in(started))).scalars())
