"""Roster operations the foundation needs: add, check in, seat, release a terminal."""
from __future__ import annotations

import re

from sqlalchemy import select

from .. import clock
from ..extensions import db
from ..models import Contest, Contestant, ContestantStatus
from . import audit

PIN_PATTERN = re.compile(r"^\d{6}$")
SEAT_PATTERN = re.compile(r"^[A-Za-z0-9-]{1,16}$")


class RosterRefused(Exception):
    """A Chinese message for the organizer; nothing was changed."""


def add_contestant(contest: Contest, exam_no: str, name: str, school: str, pin: str,
                   actor: str) -> Contestant:
    exam_no, name = exam_no.strip(), name.strip()
    if not exam_no or not name:
        raise RosterRefused("准考证号和姓名不能为空")
    if not PIN_PATTERN.match(pin):
        raise RosterRefused("登录密码须为 6 位数字")
    if find_by_exam_no(contest.id, exam_no):
        raise RosterRefused(f"准考证号 {exam_no} 已存在")
    contestant = Contestant(contest_id=contest.id, exam_no=exam_no, name=name,
                            school=school.strip())
    contestant.set_pin(pin)
    db.session.add(contestant)
    db.session.flush()
    audit.record(actor, "contestant.add", f"contestant:{contestant.id}")
    return contestant


def find_by_exam_no(contest_id: int, exam_no: str) -> Contestant | None:
    return db.session.execute(select(Contestant).where(
        Contestant.contest_id == contest_id, Contestant.exam_no == exam_no)).scalar_one_or_none()


def check_in(contestant: Contestant, present: bool, actor: str) -> None:
    status = ContestantStatus.PRESENT if present else ContestantStatus.ABSENT
    contestant.status = status.value
    contestant.checked_in_at = clock.now() if present else None
    audit.record(actor, "contestant.check_in", f"contestant:{contestant.id}", status=status.value)


def assign_seat(contestant: Contestant, seat_no: str, actor: str) -> None:
    seat_no = seat_no.strip().upper()
    if not SEAT_PATTERN.match(seat_no):
        raise RosterRefused("赛位号只能包含字母、数字和连字符,最长 16 位")
    taken = db.session.execute(select(Contestant.id).where(
        Contestant.contest_id == contestant.contest_id, Contestant.seat_no == seat_no,
        Contestant.id != contestant.id)).scalar_one_or_none()
    if taken:
        raise RosterRefused(f"赛位号 {seat_no} 已被占用")
    contestant.seat_no = seat_no
    audit.record(actor, "contestant.seat", f"contestant:{contestant.id}", seat=seat_no)


def release_terminal(contestant: Contestant, reason: str, actor: str) -> None:
    """Let the contestant log in on another (spare) terminal."""
    reason = (reason or "").strip()
    if not reason:
        raise RosterRefused("解除终端绑定必须填写原因")
    previous = contestant.terminal_id
    contestant.terminal_id = None
    audit.record(actor, "terminal.release", f"contestant:{contestant.id}",
                 previous_terminal=previous or "", reason=reason)
