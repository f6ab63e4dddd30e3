"""申诉: recorded after a module is locked, decided by arbitration, approved by a second person."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from .. import clock
from ..extensions import db
from ..models import Appeal, Attempt, ModuleSession, User
from . import audit


class AppealRefused(Exception):
    """A Chinese message; nothing was recorded."""


def file_appeal(session: ModuleSession, seat_no: str, filed_by: str, reason: str,
                user: User) -> Appeal:
    filed_by, reason = filed_by.strip(), reason.strip()
    if not filed_by or not reason:
        raise AppealRefused("申诉人和申诉理由都必须填写")
    if not db.session.scalar(select(Attempt.id).where(Attempt.session_id == session.id,
                                                      Attempt.seat_no == seat_no)):
        raise AppealRefused(f"本模块没有赛位 {seat_no} 的作答")
    _refuse_after_window(session)
    appeal = Appeal(session_id=session.id, seat_no=seat_no, filed_by=filed_by[:120],
                    reason=reason, filed_at=clock.now(), recorded_by_user_id=user.id)
    db.session.add(appeal)
    db.session.flush()
    audit.record(user.audit_name, "appeal.file", f"appeal:{appeal.id}", session=session.id,
                 seat=seat_no, filed_by=filed_by, reason=reason)
    return appeal


def _refuse_after_window(session: ModuleSession) -> None:
    hours = float(session.contest.settings.get("appeal_window_hours", 2) or 0)
    if hours and session.ended_at and clock.now() > session.ended_at + timedelta(hours=hours):
        raise AppealRefused(f"已超过申诉时限(本场结束后 {hours:g} 小时)")


def decide_appeal(appeal: Appeal, upheld: bool, decision: str, user: User) -> None:
    decision = decision.strip()
    if appeal.state != "pending":
        raise AppealRefused("该申诉已经裁定")
    if not decision:
        raise AppealRefused("必须填写仲裁意见")
    appeal.state = "upheld" if upheld else "rejected"
    appeal.decision, appeal.decided_by_user_id, appeal.decided_at = decision, user.id, clock.now()
    audit.record(user.audit_name, "appeal.decide", f"appeal:{appeal.id}", state=appeal.state,
                 decision=decision)


def approve_appeal(appeal: Appeal, user: User) -> None:
    """The second person's signature on the arbitration decision."""
    if appeal.state == "pending":
        raise AppealRefused("申诉尚未裁定")
    if appeal.approved_at is not None:
        raise AppealRefused("该申诉已批准")
    if user.id in (appeal.decided_by_user_id,):
        raise AppealRefused("批准人不能是作出裁定的同一人")
    appeal.approved_by_user_id, appeal.approved_at = user.id, clock.now()
    audit.record(user.audit_name, "appeal.approve", f"appeal:{appeal.id}", state=appeal.state)
