"""抽签: publish the commitment, draw in front of witnesses, or type in paper slips."""
from __future__ import annotations

from typing import Any

from flask import redirect, render_template, request, url_for
from flask_login import current_user

from ..access import ORGANIZER, allow
from ..models import Contest
from ..services.draw import (DrawRefused, execute_draw, latest_draw, manual_draw, pending_draw,
                             prepare_draw, present_contestants, verify)
from ..ceremony.helpers import run
from . import bp
from .forms import ActionForm, DrawForm
from .helpers import get_or_404


@bp.route("/contests/<int:contest_id>/draw")
@allow(ORGANIZER)
def draw(contest_id: int) -> Any:
    contest = get_or_404(Contest, contest_id)
    latest = latest_draw(contest)
    return render_template("organizer/draw.html", contest=contest, pending=pending_draw(contest),
                           latest=latest, verdict=verify(latest) if latest else None,
                           people=present_contestants(contest), form=DrawForm(),
                           action_form=ActionForm())


@bp.route("/contests/<int:contest_id>/draw/prepare", methods=["POST"])
@allow(ORGANIZER)
def draw_prepare(contest_id: int) -> Any:
    contest = get_or_404(Contest, contest_id)
    if ActionForm().validate_on_submit():
        run(lambda: prepare_draw(contest, current_user), DrawRefused,
            "已生成抽签承诺值,请当众公示并打印后再抽签")
    return redirect(url_for("organizer.draw", contest_id=contest.id))


@bp.route("/contests/<int:contest_id>/draw/execute", methods=["POST"])
@allow(ORGANIZER)
def draw_execute(contest_id: int) -> Any:
    contest = get_or_404(Contest, contest_id)
    form = DrawForm()
    pending = pending_draw(contest)
    if form.validate_on_submit() and pending is not None:
        run(lambda: execute_draw(pending, form.public_input.data or "", current_user),
            DrawRefused, "抽签完成,种子已公开")
    return redirect(url_for("organizer.draw", contest_id=contest.id))


@bp.route("/contests/<int:contest_id>/draw/manual", methods=["POST"])
@allow(ORGANIZER)
def draw_manual(contest_id: int) -> Any:
    contest = get_or_404(Contest, contest_id)
    if ActionForm().validate_on_submit():
        typed = {key.removeprefix("seat:"): value for key, value in request.form.items()
                 if key.startswith("seat:")}
        run(lambda: manual_draw(contest, typed, current_user), DrawRefused, "纸质抽签结果已录入")
    return redirect(url_for("organizer.draw", contest_id=contest.id))
