"""Contests: list, create, overview."""
from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, url_for
from sqlalchemy import func, select

from ..access import ORGANIZER, allow
from ..extensions import db
from ..models import Contest, Contestant
from ..modules import all_modules
from ..services.sessions import create_contest
from . import bp
from .forms import ContestForm
from .helpers import actor, flash_form_errors, get_or_404


@bp.route("/")
@allow(ORGANIZER)
def dashboard() -> Any:
    contests = db.session.execute(select(Contest).order_by(Contest.id.desc())).scalars().all()
    return render_template("organizer/dashboard.html", contests=contests, form=ContestForm())


@bp.route("/contests", methods=["POST"])
@allow(ORGANIZER)
def contest_create() -> Any:
    form = ContestForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return redirect(url_for("organizer.dashboard"))
    contest = create_contest(form.name.data.strip(), form.held_on.data, form.venue.data.strip(),
                             actor())
    db.session.commit()
    flash("比赛已创建")
    return redirect(url_for("organizer.contest_detail", contest_id=contest.id))


@bp.route("/contests/<int:contest_id>")
@allow(ORGANIZER)
def contest_detail(contest_id: int) -> Any:
    contest = get_or_404(Contest, contest_id)
    counts = dict(db.session.execute(select(Contestant.status, func.count()).where(
        Contestant.contest_id == contest.id).group_by(Contestant.status)).all())
    return render_template("organizer/contest.html", contest=contest, counts=counts,
                           modules=all_modules())
