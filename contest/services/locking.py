"""Locking a module's scores (chief judge), after a list of what is still missing."""
from __future__ import annotations

from sqlalchemy import select

from .. import clock
from ..extensions import db
from ..models import Attempt, AttemptState, ItemOverride, ModuleSession, SessionState, User
from ..modules import get_module
from . import audit
from .scores import effective_results, latest_overrides


class LockRefused(Exception):
    """Why the module cannot be locked (or unlocked) now, in Chinese."""


def lock_blockers(session: ModuleSession) -> list[str]:
    """Everything that must be settled before the scores of ``session`` can be locked."""
    problems: list[str] = []
    if session.state != SessionState.ENDED:
        problems.append("本场尚未结束")
    attempts = db.session.execute(select(Attempt).where(
        Attempt.session_id == session.id).order_by(Attempt.seat_no)).scalars().all()
    overrides = latest_overrides([a.id for a in attempts])
    for attempt in attempts:
        problems.extend(_attempt_blockers(attempt, overrides))
    pending = db.session.execute(select(ItemOverride.id, Attempt.seat_no).join(
        Attempt, ItemOverride.attempt_id == Attempt.id).where(
        Attempt.session_id == session.id, ItemOverride.approved_at.is_(None))).all()
    problems.extend(f"赛位 {seat} 有改分待裁判长签认(#{override_id})"
                    for override_id, seat in pending)
    problems.extend(get_module(session.kind).lock_blockers(session))
    return problems


def _attempt_blockers(attempt: Attempt, overrides: dict) -> list[str]:
    if attempt.state == AttemptState.OPEN:
        return [f"赛位 {attempt.seat_no} 仍在作答"]
    if attempt.results is None:
        return [f"赛位 {attempt.seat_no} 尚未评分"]
    unmarked = [r.label for r in effective_results(attempt, overrides)
                if r.judged and "unmarked" in r.flags and "overridden" not in r.flags]
    return [f"赛位 {attempt.seat_no} 未评:{'、'.join(unmarked[:5])}"] if unmarked else []


def lock_session(session: ModuleSession, chief: User) -> None:
    if session.locked_at is not None:
        raise LockRefused("本模块成绩已锁定")
    problems = lock_blockers(session)
    if problems:
        raise LockRefused(f"还有 {len(problems)} 项未完成,不能锁定")
    session.locked_at, session.locked_by_user_id = clock.now(), chief.id
    audit.record(chief.audit_name, "session.lock", f"session:{session.id}")
