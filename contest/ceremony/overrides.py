"""Every override of a contest in one list: who, when, why; the chief judge countersigns."""
from __future__ import annotations

from typing import Any

from flask import abort, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from ..access import CHIEF_JUDGE, ORGANIZER, allow
from ..extensions import db
from ..models import Attempt, ItemOverride, ModuleSession, User
from ..organizer.forms import ActionForm
from ..services.scores import OverrideRefused, countersign_override
from . import bp
from .helpers import contest_or_404, run


@bp.route("/contests/<int:contest_id>/overrides")
@allow(ORGANIZER, CHIEF_JUDGE)
def overrides(contest_id: int) -> Any:
    contest = contest_or_404(contest_id)
    rows = db.session.execute(
        select(ItemOverride, Attempt.seat_no, ModuleSession.title, ModuleSession.id)
        .join(Attempt, ItemOverride.attempt_id == Attempt.id)
        .join(ModuleSession, Attempt.session_id == ModuleSession.id)
        .where(ModuleSession.contest_id == contest.id).order_by(ItemOverride.id.desc())).all()
    users = {u.id: u for u in db.session.execute(select(User)).scalars()}
    return render_template("ceremony/overrides.html", contest=contest, rows=rows, users=users,
                           form=ActionForm())


@bp.route("/overrides/<int:override_id>/countersign", methods=["POST"])
@allow(CHIEF_JUDGE)
def override_countersign(override_id: int) -> Any:
    override = db.session.get(ItemOverride, override_id)
    if override is None or not ActionForm().validate_on_submit():
        abort(404)
    contest_id = db.session.get(Attempt, override.attempt_id).session.contest_id
    run(lambda: countersign_override(override, current_user), OverrideRefused, "已签认,改分生效")
    return redirect(url_for("ceremony.overrides", contest_id=contest_id))
