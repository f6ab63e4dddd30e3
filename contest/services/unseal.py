"""解密: identities join the results only when every module is locked and both the organizer
and the chief judge have confirmed."""
from __future__ import annotations

from sqlalchemy import select

from .. import clock
from ..extensions import db
from ..models import Confirmation, Contest, User
from . import audit

ROLES = ("organizer", "chief_judge")


class UnsealRefused(Exception):
    """Why identities stay sealed, in Chinese."""


def confirmations(contest: Contest) -> dict[str, Confirmation]:
    rows = db.session.execute(select(Confirmation).where(
        Confirmation.contest_id == contest.id, Confirmation.action == "unseal")).scalars()
    return {row.role: row for row in rows}


def unseal_blockers(contest: Contest) -> list[str]:
    if not contest.sessions:
        return ["比赛尚无模块"]
    return [f"{s.title} 成绩尚未锁定" for s in contest.sessions if s.locked_at is None]


def confirm_unseal(contest: Contest, user: User) -> bool:
    """Record this person's confirmation; True when it completed the unsealing."""
    if contest.unsealed_at is not None:
        raise UnsealRefused("本比赛已解密")
    if user.role not in ROLES:
        raise UnsealRefused("只有赛务(加密裁判)和裁判长可以确认解密")
    problems = unseal_blockers(contest)
    if problems:
        raise UnsealRefused(";".join(problems))
    given = confirmations(contest)
    if user.role in given:
        raise UnsealRefused("您已确认,等待另一方确认")
    if any(c.user_id == user.id for c in given.values()):
        raise UnsealRefused("解密须由两个人分别确认")
    db.session.add(Confirmation(contest_id=contest.id, action="unseal", role=user.role,
                                user_id=user.id, at=clock.now()))
    audit.record(user.audit_name, "contest.unseal.confirm", f"contest:{contest.id}")
    if len(given) + 1 < len(ROLES):
        return False
    contest.unsealed_at = clock.now()
    audit.record(user.audit_name, "contest.unsealed", f"contest:{contest.id}")
    return True
