"""The roster: add contestants, check them in, give seats, release terminals."""
from __future__ import annotations

from typing import Any

from flask import abort, redirect, render_template, request, url_for
from sqlalchemy import or_, select

from ..access import ORGANIZER, allow
from ..extensions import db
from ..models import Contest, Contestant
from ..services.contestants import (RosterRefused, add_contestant, assign_seat, check_in,
                                    release_terminal)
from . import bp
from .forms import ActionForm, ContestantForm, ReasonForm, RosterImportForm, SeatForm
from .helpers import actor, flash_form_errors, get_or_404, run_and_flash


@bp.route("/contests/<int:contest_id>/contestants")
@allow(ORGANIZER)
def contestants(contest_id: int) -> Any:
    contest = get_or_404(Contest, contest_id)
    query = request.args.get("q", "").strip()[:40]
    statement = select(Contestant).where(Contestant.contest_id == contest.id)
    if query:
        pattern = f"%{query}%"
        statement = statement.where(or_(Contestant.name.like(pattern),
                                        Contestant.exam_no.like(pattern),
                                        Contestant.id_number.like(pattern.upper())))
    rows = db.session.execute(statement.order_by(Contestant.exam_no)).scalars().all()
    return render_template("organizer/contestants.html", contest=contest, contestants=rows,
                           form=ContestantForm(), seat_form=SeatForm(), action_form=ActionForm(),
                           reason_form=ReasonForm(), import_form=RosterImportForm(), query=query)


@bp.route("/contests/<int:contest_id>/contestants", methods=["POST"])
@allow(ORGANIZER)
def contestant_add(contest_id: int) -> Any:
    contest = get_or_404(Contest, contest_id)
    form = ContestantForm()
    if form.validate_on_submit():
        _apply(lambda: add_contestant(contest, form.exam_no.data, form.name.data,
                                      form.school.data or "", form.pin.data, actor()),
               f"已添加选手 {form.exam_no.data}")
    else:
        flash_form_errors(form)
    return redirect(url_for("organizer.contestants", contest_id=contest.id))


@bp.route("/contestants/<int:contestant_id>/<any(present, absent):status>", methods=["POST"])
@allow(ORGANIZER)
def contestant_check_in(contestant_id: int, status: str) -> Any:
    contestant = get_or_404(Contestant, contestant_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    _apply(lambda: check_in(contestant, status == "present", actor()),
           f"{contestant.exam_no} 已{'检录' if status == 'present' else '登记缺考'}")
    return redirect(url_for("organizer.contestants", contest_id=contestant.contest_id))


@bp.route("/contestants/<int:contestant_id>/seat", methods=["POST"])
@allow(ORGANIZER)
def contestant_seat(contestant_id: int) -> Any:
    contestant = get_or_404(Contestant, contestant_id)
    form = SeatForm()
    if form.validate_on_submit():
        _apply(lambda: assign_seat(contestant, form.seat_no.data, actor()),
               f"{contestant.exam_no} 的赛位号已设为 {form.seat_no.data.strip().upper()}")
    else:
        flash_form_errors(form)
    return redirect(url_for("organizer.contestants", contest_id=contestant.contest_id))


@bp.route("/contestants/<int:contestant_id>/release", methods=["POST"])
@allow(ORGANIZER)
def contestant_release(contestant_id: int) -> Any:
    contestant = get_or_404(Contestant, contestant_id)
    form = ReasonForm()
    if form.validate_on_submit():
        _apply(lambda: release_terminal(contestant, form.reason.data, actor()),
               f"{contestant.exam_no} 的终端绑定已解除,可在备用终端登录")
    else:
        flash_form_errors(form)
    return redirect(url_for("organizer.contestants", contest_id=contestant.contest_id))


def _apply(operation: Any, success: str) -> None:
    run_and_flash(operation, RosterRefused, success)
