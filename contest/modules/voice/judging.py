"""Blind multi-judge marking: who marks what, the sheets that count, re-marks, pinned comments.

Recordings reach judges through an opaque review id (an HMAC of attempt and recording), so no
URL, page or file name a judge sees carries more than the seat number.
"""
from __future__ import annotations

import hashlib
import hmac
from collections import defaultdict
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from scoring.voice_assign import assign_judges
from scoring.voice_marks import JudgeMarks
from scoring.voice_remark import resolve_remarks

from ... import clock
from ...extensions import db
from ...models import (Attempt, AttemptState, CurrentAnswer, ModuleSession, Role, User,
                       VoiceAssignment, VoiceMark, VoicePin)
from ...services import audit
from ...services.content import session_content
from .content import voice_settings


class JudgingRefused(Exception):
    """A Chinese message for the judge or chief judge; nothing was changed."""


@dataclass(frozen=True)
class Review:
    """One recording as judges reach it."""

    review_id: str
    attempt: Attempt
    recording: str


def review_id_for(attempt_id: int, recording: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    message = f"voice-review:{attempt_id}:{recording}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:24]


def marking_judges() -> list[User]:
    return list(db.session.execute(select(User).where(
        User.role == Role.JUDGE.value, User.active.is_(True)).order_by(User.username)).scalars())


def ensure_assignments(session: ModuleSession) -> str:
    """Give every handed-in recording of a closed attempt its judges, once; a Chinese note
    when that cannot happen yet (empty when all is assigned)."""
    pending = unassigned_recordings(session)
    if not pending:
        return ""
    judges = marking_judges()
    per_recording = voice_settings(session_content(session)).judges_per_recording
    try:
        plan = assign_judges(list(pending), [judge.username for judge in judges], per_recording,
                             seed=session.seed)
    except ValueError as error:
        return f"无法分配评委:{error}"
    by_name = {judge.username: judge for judge in judges}
    at = clock.now()
    for key, names in plan.items():
        attempt_id, recording = pending[key]
        for name in names:
            db.session.add(VoiceAssignment(
                session_id=session.id, attempt_id=attempt_id, recording=recording,
                judge_id=by_name[name].id, round=0, created_at=at,
                review_id=review_id_for(attempt_id, recording)))
    audit.record("system", "voice.assign", f"session:{session.id}", recordings=len(plan),
                 judges=per_recording)
    return ""


def unassigned_recordings(session: ModuleSession) -> dict[str, tuple[int, str]]:
    handed_in = db.session.execute(select(CurrentAnswer.attempt_id, CurrentAnswer.item_key).join(
        Attempt, Attempt.id == CurrentAnswer.attempt_id).where(
        Attempt.session_id == session.id, Attempt.state != AttemptState.OPEN.value,
        CurrentAnswer.item_key.like("rec:%"))).all()
    assigned = set(db.session.execute(select(VoiceAssignment.attempt_id, VoiceAssignment.recording)
                                      .where(VoiceAssignment.session_id == session.id)).all())
    pending = {}
    for attempt_id, item_key in handed_in:
        recording = item_key.removeprefix("rec:")
        if (attempt_id, recording) not in assigned:
            pending[f"{attempt_id}:{recording}"] = (attempt_id, recording)
    return pending


def find_review(review_id: str) -> Review | None:
    row = db.session.execute(select(VoiceAssignment).where(
        VoiceAssignment.review_id == review_id).limit(1)).scalar_one_or_none()
    if row is None:
        return None
    return Review(review_id, db.session.get(Attempt, row.attempt_id), row.recording)


def assignments_of(review: Review, judge_id: int | None = None) -> list[VoiceAssignment]:
    query = select(VoiceAssignment).where(VoiceAssignment.attempt_id == review.attempt.id,
                                          VoiceAssignment.recording == review.recording)
    if judge_id is not None:
        query = query.where(VoiceAssignment.judge_id == judge_id)
    return list(db.session.execute(query.order_by(VoiceAssignment.round,
                                                  VoiceAssignment.id)).scalars())


def marks_of(attempt_id: int, recording: str) -> list[VoiceMark]:
    return list(db.session.execute(select(VoiceMark).where(
        VoiceMark.attempt_id == attempt_id, VoiceMark.recording == recording).order_by(
        VoiceMark.round, VoiceMark.id)).scalars())


def counted_sheets(attempt_id: int, recording: str) -> list[JudgeMarks]:
    """The sheets that count after re-marks (``resolve_remarks``: a judge's latest round)."""
    rounds: dict[int, list[JudgeMarks]] = defaultdict(list)
    for mark in marks_of(attempt_id, recording):
        rounds[mark.round].append(JudgeMarks.from_json(mark.sheet))
    if not rounds:
        return []
    ordered = [rounds.get(number, []) for number in range(max(rounds) + 1)]
    return list(resolve_remarks(ordered[0], *ordered[1:]).counted)


def open_round(review: Review, judge: User) -> int | None:
    """The round this judge still has to mark, or None when all their sheets are in."""
    done = {mark.round for mark in marks_of(review.attempt.id, review.recording)
            if mark.judge_id == judge.id}
    rounds = [row.round for row in assignments_of(review, judge.id) if row.round not in done]
    return min(rounds) if rounds else None


def has_submitted(review: Review, judge: User) -> bool:
    return any(mark.judge_id == judge.id
               for mark in marks_of(review.attempt.id, review.recording))


def may_see_others(review: Review, user: User) -> bool:
    """Independence: others' sheets and pins only after one's own sheet is in."""
    return user.role == Role.CHIEF_JUDGE.value or has_submitted(review, user)


def record_marks(review: Review, judge: User, marks: JudgeMarks) -> VoiceMark:
    round_ = open_round(review, judge)
    if round_ is None:
        raise JudgingRefused("您已提交本段录音的评分,不能重复提交")
    mark = VoiceMark(attempt_id=review.attempt.id, recording=review.recording, judge_id=judge.id,
                     round=round_, sheet=marks.to_json(), submitted_at=clock.now())
    db.session.add(mark)
    details = {"seat": review.attempt.seat_no, "recording": review.recording, "round": round_,
               "total": marks.total, "red_line": marks.red_line,
               "missing_elements": list(marks.missing_elements)}
    audit.record(judge.audit_name, "voice.mark", f"attempt:{review.attempt.id}", **details)
    if marks.red_line:
        audit.record(judge.audit_name, "voice.red_line", f"attempt:{review.attempt.id}",
                     seat=review.attempt.seat_no, recording=review.recording,
                     reason=marks.red_line_reason, comment=marks.comment)
    return mark


def order_remark(review: Review, judge_ids: list[int], reason: str, chief: User) -> int:
    """A new round for the chosen judges; returns its number."""
    reason = (reason or "").strip()
    if not reason:
        raise JudgingRefused("请填写复评理由")
    judges = [db.session.get(User, judge_id) for judge_id in dict.fromkeys(judge_ids)]
    if not judges or any(j is None or j.role not in (Role.JUDGE, Role.CHIEF_JUDGE)
                         for j in judges):
        raise JudgingRefused("请选择复评的评委")
    round_ = 1 + max((row.round for row in assignments_of(review)), default=0)
    at = clock.now()
    for judge in judges:
        db.session.add(VoiceAssignment(
            session_id=review.attempt.session_id, attempt_id=review.attempt.id,
            recording=review.recording, judge_id=judge.id, round=round_,
            review_id=review.review_id, reason=reason[:500], created_at=at))
    audit.record(chief.audit_name, "voice.remark", f"attempt:{review.attempt.id}",
                 seat=review.attempt.seat_no, recording=review.recording, round=round_,
                 judges=[judge.username for judge in judges], reason=reason)
    return round_


def add_pin(review: Review, judge: User, at_s: float, text: str) -> VoicePin:
    text = (text or "").strip()
    if not text or len(text) > 500:
        raise JudgingRefused("批注须为 1 到 500 字")
    if not 0 <= at_s <= 3600:
        raise JudgingRefused("批注时间不在录音范围内")
    pin = VoicePin(attempt_id=review.attempt.id, recording=review.recording, judge_id=judge.id,
                   at_s=round(at_s, 1), text=text, created_at=clock.now())
    db.session.add(pin)
    return pin


def pins_for(review: Review, user: User) -> list[VoicePin]:
    query = select(VoicePin).where(VoicePin.attempt_id == review.attempt.id,
                                   VoicePin.recording == review.recording)
    if not may_see_others(review, user):
        query = query.where(VoicePin.judge_id == user.id)
    return list(db.session.execute(query.order_by(VoicePin.at_s, VoicePin.id)).scalars())
