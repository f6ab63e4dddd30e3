"""Roster import/export in Excel, and resetting a contestant's PIN."""
from __future__ import annotations

import secrets
from typing import Any

from flask import Response, flash, redirect, render_template, url_for
from sqlalchemy import select

from ..access import ORGANIZER, allow
from ..downloads import XLSX, file_response
from ..extensions import db
from ..models import Contest, Contestant
from ..services import audit
from ..services.roster import export_xlsx, import_roster, parse_roster, template_xlsx
from ..templating import local_time
from . import bp
from .forms import ActionForm, RosterImportForm
from .helpers import actor, get_or_404

MAX_ROSTER_BYTES = 5 * 1024 * 1024


@bp.route("/contests/<int:contest_id>/roster/template.xlsx")
@allow(ORGANIZER)
def roster_template(contest_id: int) -> Any:
    get_or_404(Contest, contest_id)
    return _xlsx(template_xlsx(), "选手名单模板.xlsx")


@bp.route("/contests/<int:contest_id>/roster/export.xlsx")
@allow(ORGANIZER)
def roster_export(contest_id: int) -> Any:
    contest = get_or_404(Contest, contest_id)
    people = db.session.execute(select(Contestant).where(
        Contestant.contest_id == contest.id).order_by(Contestant.exam_no)).scalars()
    audit.record(actor(), "roster.export", f"contest:{contest.id}")
    db.session.commit()
    return _xlsx(export_xlsx(people, local_time), "选手名单.xlsx")


@bp.route("/contests/<int:contest_id>/roster/import", methods=["POST"])
@allow(ORGANIZER)
def roster_import(contest_id: int) -> Any:
    contest = get_or_404(Contest, contest_id)
    form = RosterImportForm()
    if not form.validate_on_submit():
        flash("请选择选手名单文件", "error")
        return redirect(url_for("organizer.contestants", contest_id=contest.id))
    data = form.file.data.read(MAX_ROSTER_BYTES + 1)
    existing = db.session.execute(select(Contestant).where(
        Contestant.contest_id == contest.id)).scalars().all()
    parsed = parse_roster(data, existing) if len(data) <= MAX_ROSTER_BYTES else None
    if parsed is None or not parsed.ok:
        for problem in (parsed.problems if parsed else ["文件过大(上限 5 MB)"])[:60]:
            flash(problem, "error")
        flash("名单未导入:请改正以上问题后重新导入(一行也没有导入)", "error")
        return redirect(url_for("organizer.contestants", contest_id=contest.id))
    created = import_roster(contest, parsed, actor())
    audit.record(actor(), "roster.import", f"contest:{contest.id}", count=len(created))
    db.session.commit()
    return render_template("organizer/pins.html", contest=contest, created=created)


@bp.route("/contestants/<int:contestant_id>/pin", methods=["POST"])
@allow(ORGANIZER)
def contestant_reset_pin(contestant_id: int) -> Any:
    person = get_or_404(Contestant, contestant_id)
    if ActionForm().validate_on_submit():
        pin = f"{secrets.randbelow(10 ** 6):06d}"
        person.set_pin(pin)
        audit.record(actor(), "contestant.reset_pin", f"contestant:{person.id}")
        db.session.commit()
        flash(f"{person.exam_no} {person.name} 的新登录密码:{pin}(只显示这一次)")
    return redirect(url_for("organizer.contestants", contest_id=person.contest_id))


def _xlsx(data: bytes, filename: str) -> Response:
    return file_response(data, XLSX, filename)
