"""Contests and their module sessions: set up, start, pause, resume, end, credit time."""
from __future__ import annotations

import secrets
from datetime import date, timedelta
from typing import Any, Mapping

from sqlalchemy import func, select

from .. import clock
from ..extensions import db
from ..models import (Attempt, AttemptState, Contest, Contestant, ContestantStatus,
                      ModuleSession, SessionState, TimeCredit, User)
from ..modules import get_module
from . import audit, timing
from .attempts import close_attempt, close_expired, grace_seconds


#: The longest countdown an organizer may give before a synchronised start.
MAX_COUNTDOWN_S = 300


class SessionActionRefused(Exception):
    """The action does not fit the session's state; the message is for the organizer."""


def create_contest(name: str, held_on: date | None, venue: str, actor: str,
                   mode: str = "contest") -> Contest:
    contest = Contest(name=name, held_on=held_on, venue=venue, mode=mode, settings={},
                      created_at=clock.now())
    db.session.add(contest)
    db.session.flush()
    audit.record(actor, "contest.create", f"contest:{contest.id}", name=name)
    return contest


def add_session(contest: Contest, kind: str, title: str, weight: float, duration_min: int,
                settings: dict[str, Any], actor: str) -> ModuleSession:
    """Freeze the module's content now, so the organizer previews exactly what will be sat."""
    module = get_module(kind)
    seed = secrets.token_hex(16)
    merged = {**module.default_settings(), **settings}
    content = module.prepare(merged, seed)
    position = db.session.scalar(select(func.count()).where(
        ModuleSession.contest_id == contest.id)) or 0
    session = ModuleSession(contest_id=contest.id, kind=kind, title=title, weight=weight,
                            duration_s=duration_min * 60, settings=merged, content=content,
                            seed=seed, position=position)
    db.session.add(session)
    db.session.flush()
    audit.record(actor, "session.create", f"session:{session.id}", kind=kind, title=title,
                 weight=weight, duration_min=duration_min)
    return session


def seated_contestants(contest_id: int) -> list[Contestant]:
    return list(db.session.execute(select(Contestant).where(
        Contestant.contest_id == contest_id, Contestant.status == ContestantStatus.PRESENT.value,
        Contestant.seat_no.is_not(None)).order_by(Contestant.seat_no)).scalars())


def draw_variants(session: ModuleSession) -> dict[str, dict[str, Any]]:
    """Each seated contestant's variant (the quiz's option orders), by seat; drawn before the
    start's write transaction, because the quiz's 300 × 80 draws take ~0.5 s. None for a
    session that has started already (its start is refused)."""
    if session.state != SessionState.DRAFT:
        return {}
    return {contestant.seat_no: _variant(session, contestant.seat_no)
            for contestant in seated_contestants(session.contest_id)}


def _variant(session: ModuleSession, seat_no: str) -> dict[str, Any]:
    return get_module(session.kind).new_variant(session.content, session.seed, seat_no)


def start_session(session: ModuleSession, actor: str,
                  variants: Mapping[str, dict[str, Any]] | None = None,
                  countdown_s: int = 0) -> int:
    """Start the clock for every checked-in, seated contestant at the same instant,
    ``countdown_s`` seconds from now: the lobbies learn the instant during the countdown and
    every terminal opens its questions at it, instead of at its next poll after the start.
    ``variants``: from ``draw_variants``; a seat missing there is drawn now."""
    if session.state != SessionState.DRAFT:
        raise SessionActionRefused("该场次已开始,不能重复开始")
    if not 0 <= countdown_s <= MAX_COUNTDOWN_S:
        raise SessionActionRefused(f"开考倒计时须在 0 到 {MAX_COUNTDOWN_S} 秒之间")
    contestants = seated_contestants(session.contest_id)
    if not contestants:
        raise SessionActionRefused("没有已检录并分配赛位的选手")
    at = clock.now() + timedelta(seconds=countdown_s)
    session.state, session.started_at = SessionState.RUNNING.value, at
    for contestant in contestants:
        db.session.add(_new_attempt(session, contestant, at, (variants or {}).get(
            contestant.seat_no)))
    audit.record(actor, "session.start", f"session:{session.id}", attempts=len(contestants),
                 countdown_s=countdown_s)
    return len(contestants)


def open_late_attempt(session: ModuleSession, contestant: Contestant, actor: str) -> Attempt:
    """A contestant checked in after the start sits the rest of the common time."""
    if session.state not in (SessionState.RUNNING, SessionState.PAUSED):
        raise SessionActionRefused("只有进行中的场次可以补开考")
    if not contestant.is_checked_in or not contestant.seat_no:
        raise SessionActionRefused("选手尚未检录或未分配赛位")
    if db.session.scalar(select(Attempt.id).where(Attempt.session_id == session.id,
                                                  Attempt.contestant_id == contestant.id)):
        raise SessionActionRefused("该选手已有本场作答")
    attempt = _new_attempt(session, contestant, session.started_at)
    attempt.pause_base_s = 0.0
    db.session.add(attempt)
    db.session.flush()
    audit.record(actor, "attempt.open_late", f"attempt:{attempt.id}", seat=contestant.seat_no)
    return attempt


def _new_attempt(session: ModuleSession, contestant: Contestant, at: Any,
                 variant: dict[str, Any] | None = None) -> Attempt:
    if variant is None:
        variant = _variant(session, contestant.seat_no)
    return Attempt(session_id=session.id, contestant_id=contestant.id,
                   seat_no=contestant.seat_no, started_at=at,
                   pause_base_s=timing.paused_seconds(session, at), variant=variant)


def pause_session(session: ModuleSession, reason: str, actor: str) -> None:
    if session.state != SessionState.RUNNING:
        raise SessionActionRefused("只有进行中的场次可以暂停")
    if timing.seconds_to_start(session.started_at, clock.now()) > 0:
        raise SessionActionRefused("开考倒计时中,不能暂停;开考后再暂停")
    session.state, session.paused_since = SessionState.PAUSED.value, clock.now()
    audit.record(actor, "session.pause", f"session:{session.id}", reason=reason)


def resume_session(session: ModuleSession, actor: str) -> None:
    if session.state != SessionState.PAUSED or session.paused_since is None:
        raise SessionActionRefused("该场次未暂停")
    at = clock.now()
    paused_for = (at - session.paused_since).total_seconds()
    session.paused_total_s += paused_for
    session.state, session.paused_since = SessionState.RUNNING.value, None
    audit.record(actor, "session.resume", f"session:{session.id}", paused_seconds=paused_for)


def end_session(session: ModuleSession, actor: str) -> int:
    """Stop the session now for everyone (after the grace for in-flight saves)."""
    if session.state not in (SessionState.RUNNING, SessionState.PAUSED):
        raise SessionActionRefused("只有进行中或暂停的场次可以结束")
    if session.state == SessionState.PAUSED:
        resume_session(session, actor)
    session.state, session.ended_at = SessionState.ENDED.value, clock.now()
    audit.record(actor, "session.end", f"session:{session.id}")
    return close_expired(session)


def finish_if_due(session: ModuleSession) -> None:
    """Close expired attempts; mark the session ended once nobody is sitting it any more."""
    if session.state not in (SessionState.RUNNING, SessionState.ENDED):
        return
    close_expired(session)
    still_open = db.session.scalar(select(func.count()).where(
        Attempt.session_id == session.id, Attempt.state == AttemptState.OPEN.value))
    if session.state == SessionState.RUNNING and not still_open:
        session.state, session.ended_at = SessionState.ENDED.value, clock.now()
        audit.record("system", "session.finished", f"session:{session.id}")


def credit_time(attempt: Attempt, minutes: float, reason: str, user: User) -> TimeCredit:
    """Give one seat extra time (a crashed terminal, a fault at the seat); reopen if needed."""
    reason = (reason or "").strip()
    if not reason:
        raise SessionActionRefused("补时必须填写原因")
    if not 0 < minutes <= 120:
        raise SessionActionRefused("补时须在 0 到 120 分钟之间")
    session = attempt.session
    if session.state == SessionState.ENDED:
        raise SessionActionRefused("场次已结束,不能补时")
    if attempt.state == AttemptState.SUBMITTED:
        raise SessionActionRefused("选手已主动交卷,不能补时")
    seconds = round(minutes * 60)
    credit = TimeCredit(attempt_id=attempt.id, seconds=seconds, reason=reason,
                        by_user_id=user.id, at=clock.now())
    attempt.credit_s += seconds
    db.session.add(credit)
    reopened = _reopen_if_time_left(attempt)
    audit.record(user.audit_name, "attempt.credit", f"attempt:{attempt.id}",
                 seat=attempt.seat_no, seconds=seconds, reason=reason, reopened=reopened)
    return credit


def _reopen_if_time_left(attempt: Attempt) -> bool:
    if attempt.state != AttemptState.CLOSED:
        return False
    if timing.is_expired(attempt, attempt.session, clock.now(), grace_seconds()):
        return False
    attempt.state, attempt.closed_at, attempt.close_reason = AttemptState.OPEN.value, None, ""
    return True


__all__ = ["SessionActionRefused", "add_session", "close_attempt", "create_contest",
           "credit_time", "end_session", "finish_if_due", "open_late_attempt", "pause_session",
           "resume_session", "seated_contestants", "start_session", "draw_variants"]
