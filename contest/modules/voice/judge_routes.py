"""Judges' voice pages: a queue per judge, the marking page, the recording, pins, re-marks.

Plain judges reach only recordings assigned to them; everything is keyed by the opaque review
id, and nothing here reads a contestant's name, school or exam number.
"""
from __future__ import annotations

from pathlib import PurePath
from typing import Any

from flask import (Blueprint, abort, flash, jsonify, redirect, render_template, request,
                   send_file, url_for)
from flask_login import current_user

from ...access import CHIEF_JUDGE, JUDGES, allow
from ...db import write_transaction
from ...errors import refuse
from ...extensions import db
from ...hardening import is_database_id
from ...models import ModuleSession, Role, StoredFile, User
from ...services.answers import current_answers
from ...services.scores import score_attempt
from ...services.sessions import finish_if_due
from ...storage import storage
from .judging import (JudgingRefused, Review, add_pin, assignments_of, ensure_assignments,
                      find_review, marking_judges, order_remark, pins_for, record_marks)
from .queue import chief_rows, judge_queue
from .review import read_marks, review_context


def install(bp: Blueprint) -> None:
    bp.add_url_rule("/judge/sessions/<int:session_id>", view_func=queue)
    bp.add_url_rule("/review/<review_id>", view_func=review_page)
    bp.add_url_rule("/review/<review_id>/audio", view_func=review_audio)
    bp.add_url_rule("/review/<review_id>/marks", view_func=review_marks, methods=["POST"])
    bp.add_url_rule("/review/<review_id>/remark", view_func=review_remark, methods=["POST"])
    bp.add_url_rule("/api/review/<review_id>", view_func=review_json)
    bp.add_url_rule("/api/review/<review_id>/pins", view_func=review_pin, methods=["POST"])


@allow(*JUDGES)
def queue(session_id: int) -> Any:
    session = db.session.get(ModuleSession, session_id)
    if session is None or session.kind != "voice":
        abort(404)
    with write_transaction():
        finish_if_due(session)
        note = ensure_assignments(session) if session.state == "ended" else \
            "本场尚未结束:全部收卷后才分配录音。"
    chief = current_user.role == Role.CHIEF_JUDGE.value
    rows = chief_rows(session) if chief else judge_queue(session, current_user)
    return render_template("voice/queue.html", session=session, note=note, chief=chief,
                           rows=rows)


def _review_or_404(review_id: str) -> Review:
    """The recording, for the chief judge or a judge it is assigned to; 404 for anyone else,
    so a guessed id tells nothing."""
    review = find_review(review_id)
    if review is None:
        abort(404)
    if current_user.role != Role.CHIEF_JUDGE.value and not assignments_of(review, current_user.id):
        abort(404)
    return review


@allow(*JUDGES)
def review_page(review_id: str) -> Any:
    review = _review_or_404(review_id)
    context = review_context(review, current_user, current_answers(review.attempt.id))
    return render_template("voice/review.html", judges=marking_judges(), **context)


@allow(*JUDGES)
def review_audio(review_id: str) -> Any:
    review = _review_or_404(review_id)
    answer = current_answers(review.attempt.id).get(f"rec:{review.recording}")
    file = db.session.get(StoredFile, answer["file_id"]) if isinstance(answer, dict) else None
    if file is None:
        abort(404)
    suffix = PurePath(file.original_name).suffix
    response = send_file(storage().path(file.storage_key), mimetype=file.mime, conditional=True,
                         download_name=f"seat-{review.attempt.seat_no}-{review.recording}{suffix}")
    response.headers["Cache-Control"] = "private, no-store"
    return response


@allow(*JUDGES)
def review_marks(review_id: str) -> Any:
    review = _review_or_404(review_id)
    marks, problems = read_marks(request.form, current_user, review)
    if problems:
        for problem in problems:
            flash(problem, "error")
        return redirect(url_for("mod_voice.review_page", review_id=review_id))
    try:
        record_marks(review, current_user, marks)
        score_attempt(review.attempt)
    except JudgingRefused as refusal:
        db.session.rollback()
        flash(str(refusal), "error")
    else:
        db.session.commit()
        flash("评分已提交")
    return redirect(url_for("mod_voice.review_page", review_id=review_id))


@allow(CHIEF_JUDGE)
def review_remark(review_id: str) -> Any:
    review = _review_or_404(review_id)
    judge_ids = [int(value) for value in request.form.getlist("judge") if is_database_id(value)]
    try:
        round_ = order_remark(review, judge_ids, request.form.get("reason", ""), current_user)
    except JudgingRefused as refusal:
        db.session.rollback()
        flash(str(refusal), "error")
    else:
        db.session.commit()
        flash(f"已安排第 {round_} 轮复评")
    return redirect(url_for("mod_voice.review_page", review_id=review_id))


@allow(*JUDGES)
def review_json(review_id: str) -> Any:
    """The judge's own sheets and pins; others' only once the judge has submitted."""
    review = _review_or_404(review_id)
    context = review_context(review, current_user, {})
    return jsonify({
        "ok": True, "seat": review.attempt.seat_no, "recording": review.recording,
        "open_round": context["open_round"],
        "mine": [mark.sheet for mark in context["mine"]],
        "others": [mark.sheet for mark in context["others"]],
        "pins": [_pin_json(pin) for pin in context["pins"]]})


@allow(*JUDGES)
def review_pin(review_id: str) -> Any:
    review = _review_or_404(review_id)
    body = request.get_json(silent=True)
    body = body if isinstance(body, dict) else {}
    try:
        at_s = float(body.get("at_s"))
        add_pin(review, current_user, at_s, str(body.get("text") or ""))
    except (TypeError, ValueError):
        db.session.rollback()
        return refuse(400, "bad_payload", "批注时间不正确")
    except JudgingRefused as refusal:
        db.session.rollback()
        return refuse(400, "bad_payload", str(refusal))
    db.session.commit()
    return jsonify({"ok": True, "pins": [_pin_json(pin) for pin in pins_for(review, current_user)]})


def _pin_json(pin: Any) -> dict[str, Any]:
    author = db.session.get(User, pin.judge_id)
    return {"at_s": pin.at_s, "text": pin.text, "judge": author.display_name if author else ""}

