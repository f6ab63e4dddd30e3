"""申诉: recorded, decided by arbitration, approved by a second person, then applied."""
from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from ..access import CHIEF_JUDGE, ORGANIZER, allow
from ..extensions import db
from ..models import Appeal, ModuleSession, User
from ..organizer.forms import ActionForm
from ..services.appeals import AppealRefused, approve_appeal, decide_appeal, file_appeal
from . import bp
from .forms import AppealForm, DecisionForm
from .helpers import contest_or_404, get_or_404, run


@bp.route("/contests/<int:contest_id>/appeals", methods=["GET", "POST"])
@allow(ORGANIZER, CHIEF_JUDGE)
def appeals(contest_id: int) -> Any:
    contest = contest_or_404(contest_id)
    form = AppealForm()
    form.session_id.choices = [SelectChoice(s.id, s.title) for s in contest.sessions]
    if form.validate_on_submit():
        session = db.session.get(ModuleSession, form.session_id.data)
        if session is None or session.contest_id != contest.id:
            abort(404)
        if run(lambda: file_appeal(session, form.seat_no.data.strip().upper(),
                                   form.filed_by.data, form.reason.data, current_user),
               AppealRefused, "申诉已登记"):
            return redirect(url_for("ceremony.appeals", contest_id=contest.id))
    rows = db.session.execute(select(Appeal).join(ModuleSession).where(
        ModuleSession.contest_id == contest.id).order_by(Appeal.id.desc())).scalars().all()
    users = {u.id: u for u in db.session.execute(select(User)).scalars()}
    return render_template("ceremony/appeals.html", contest=contest, appeals=rows, form=form,
                           decision_form=DecisionForm(), action_form=ActionForm(), users=users)


@bp.route("/appeals/<int:appeal_id>/decide", methods=["POST"])
@allow(ORGANIZER, CHIEF_JUDGE)
def appeal_decide(appeal_id: int) -> Any:
    appeal = _appeal_or_404(appeal_id)
    form = DecisionForm()
    if form.validate_on_submit():
        run(lambda: decide_appeal(appeal, form.outcome.data == "upheld", form.decision.data,
                                  current_user), AppealRefused, "仲裁结果已记录,待第二人批准")
    else:
        flash("请填写仲裁意见", "error")
    return redirect(url_for("ceremony.appeals", contest_id=appeal_contest_id(appeal)))


@bp.route("/appeals/<int:appeal_id>/approve", methods=["POST"])
@allow(ORGANIZER, CHIEF_JUDGE)
def appeal_approve(appeal_id: int) -> Any:
    appeal = _appeal_or_404(appeal_id)
    if ActionForm().validate_on_submit():
        run(lambda: approve_appeal(appeal, current_user), AppealRefused, "已批准仲裁结果")
    return redirect(url_for("ceremony.appeals", contest_id=appeal_contest_id(appeal)))


def _appeal_or_404(appeal_id: int) -> Appeal:
    return get_or_404(Appeal, appeal_id)


def appeal_contest_id(appeal: Appeal) -> int:
    return db.session.get(ModuleSession, appeal.session_id).contest_id
