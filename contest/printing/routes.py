"""PDF downloads; every sheet is drawn from the same services the pages use."""
from __future__ import annotations

from typing import Any

from flask import Response, abort, jsonify, redirect, url_for
from flask_login import current_user
from sqlalchemy import select

from ..access import CHIEF_JUDGE, JUDGE, ORGANIZER, allow
from ..downloads import PDF, file_response
from ..extensions import db
from ..models import Attempt, Contest, Contestant, ModuleSession, PrintJob
from ..modules import get_module
from ..services.content import session_content
from ..organizer.forms import ActionForm
from ..services.draw import latest_draw, pending_draw, present_contestants
from ..services.results import contest_results
from ..storage import storage
from ..views import get_or_404
from . import bp
from .jobs import job_status, render_job_page, start_slip_job
from .pdf import create_pdf


@bp.route("/contests/<int:contest_id>/draw-commitment.pdf")
@allow(ORGANIZER)
def draw_commitment_pdf(contest_id: int) -> Any:
    contest = _contest(contest_id)
    draw = pending_draw(contest) or latest_draw(contest)
    if draw is None or draw.method != "random":
        abort(404)
    return _pdf(create_pdf("printing/commitment.html", contest=contest, draw=draw,
                           count=len(present_contestants(contest))), "抽签承诺值.pdf")


@bp.route("/contests/<int:contest_id>/checkin.pdf")
@allow(ORGANIZER)
def checkin_sheet_pdf(contest_id: int) -> Any:
    contest = _contest(contest_id)
    return _pdf(create_pdf("printing/checkin.html", contest=contest,
                           people=_people(contest, Contestant.exam_no)), "检录表.pdf")


@bp.route("/contests/<int:contest_id>/seats.pdf")
@allow(ORGANIZER)
def seat_sheet_pdf(contest_id: int) -> Any:
    contest = _contest(contest_id)
    people = [p for p in _people(contest, Contestant.exam_no) if p.seat_no]
    return _pdf(create_pdf("printing/seat_sheet.html", contest=contest, people=people),
                "赛位记录单.pdf")


@bp.route("/contests/<int:contest_id>/seat-mapping.pdf")
@allow(ORGANIZER)
def seat_mapping_pdf(contest_id: int) -> Any:
    contest = _contest(contest_id)
    people = [p for p in _people(contest, Contestant.seat_no) if p.seat_no]
    return _pdf(create_pdf("printing/seat_mapping.html", contest=contest, people=people,
                           draw=latest_draw(contest)), "抽签对照表.pdf")


@bp.route("/contests/<int:contest_id>/ranked.pdf")
@allow(ORGANIZER, CHIEF_JUDGE)
def ranked_list_pdf(contest_id: int) -> Any:
    table = contest_results(_contest(contest_id))
    return _pdf(create_pdf("printing/ranked_list.html", table=table), "成绩公示表.pdf")


@bp.route("/contests/<int:contest_id>/awards.pdf")
@allow(ORGANIZER, CHIEF_JUDGE)
def award_list_pdf(contest_id: int) -> Any:
    table = contest_results(_contest(contest_id))
    awards = list(dict.fromkeys(row.award for row in table.rows if row.award))
    return _pdf(create_pdf("printing/award_list.html", table=table, awards=awards),
                "获奖名单.pdf")


@bp.route("/sessions/<int:session_id>/marking-sheets.pdf")
@allow(CHIEF_JUDGE, JUDGE)
def marking_sheets_pdf(session_id: int) -> Any:
    """Paper backup for judged work, by seat number only (blind like the screens)."""
    session = get_or_404(ModuleSession, session_id)
    seats = list(db.session.execute(select(Attempt.seat_no).where(
        Attempt.session_id == session.id).order_by(Attempt.seat_no)).scalars())
    sheets = get_module(session.kind).marking_sheets(session_content(session), seats)
    if not sheets:
        abort(404)
    return _pdf(create_pdf("printing/marking_sheets.html", session=session, sheets=sheets),
                f"{session.title}_纸质评分表.pdf")


@bp.route("/contests/<int:contest_id>/slips", methods=["GET", "POST"])
@allow(ORGANIZER, CHIEF_JUDGE)
def slips(contest_id: int) -> Any:
    contest = _contest(contest_id)
    form = ActionForm()
    if form.validate_on_submit():
        start_slip_job(contest, current_user)
        return redirect(url_for("printing.slips", contest_id=contest.id))
    jobs = db.session.execute(select(PrintJob).where(
        PrintJob.contest_id == contest.id).order_by(PrintJob.id.desc()).limit(10)).scalars().all()
    return render_job_page(contest, jobs, form)


@bp.route("/api/jobs/<int:job_id>")
@allow(ORGANIZER, CHIEF_JUDGE)
def job_progress(job_id: int) -> Any:
    return jsonify({"ok": True, **job_status(_job(job_id))})


@bp.route("/jobs/<int:job_id>.pdf")
@allow(ORGANIZER, CHIEF_JUDGE)
def job_pdf(job_id: int) -> Any:
    job = _job(job_id)
    if job.state != "done":
        abort(404)
    with storage().open(job.storage_key) as handle:
        return _pdf(handle.read(), "成绩单.pdf")


def _contest(contest_id: int) -> Contest:
    return get_or_404(Contest, contest_id)


def _job(job_id: int) -> PrintJob:
    return get_or_404(PrintJob, job_id)


def _people(contest: Contest, order: Any) -> list[Contestant]:
    return list(db.session.execute(select(Contestant).where(
        Contestant.contest_id == contest.id).order_by(order)).scalars())


def _pdf(data: bytes, filename: str) -> Response:
    return file_response(data, PDF, filename, inline=True)
