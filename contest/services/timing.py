"""Deadlines. The server decides them; terminals only display what these functions compute."""
from __future__ import annotations

from datetime import datetime, timedelta

from ..models import Attempt, AttemptState, ModuleSession, SessionState


def paused_seconds(session: ModuleSession, at: datetime) -> float:
    """All seconds the session has spent paused up to ``at``, the running pause included."""
    ongoing = (at - session.paused_since).total_seconds() if session.paused_since else 0.0
    return session.paused_total_s + max(ongoing, 0.0)


def deadline(attempt: Attempt, session: ModuleSession, at: datetime) -> datetime:
    """start + duration + credited time + pauses since the start, capped by the session's end.

    While the session is paused the result moves forward with ``at``: remaining time is frozen.
    """
    extra = attempt.credit_s + paused_seconds(session, at) - attempt.pause_base_s
    due = attempt.started_at + timedelta(seconds=session.duration_s + extra)
    for cap in (session.hard_end, session.ended_at):
        if cap is not None and cap < due:
            due = cap
    return due


def remaining_seconds(attempt: Attempt, session: ModuleSession, at: datetime) -> float:
    return max((deadline(attempt, session, at) - at).total_seconds(), 0.0)


def is_expired(attempt: Attempt, session: ModuleSession, at: datetime, grace_s: float) -> bool:
    """Past the deadline and past the grace for in-flight saves: the attempt must close."""
    return at > deadline(attempt, session, at) + timedelta(seconds=grace_s)


def seconds_to_start(started_at: datetime | None, at: datetime) -> float:
    """What is left of a start's countdown (0 once it is over, or with no start yet)."""
    return max(0.0, (started_at - at).total_seconds()) if started_at else 0.0


def has_begun(attempt: Attempt, at: datetime) -> bool:
    """False during the start's countdown: the clock has been set, the questions not shown."""
    return at >= attempt.started_at


def accepts_saves(attempt: Attempt, session: ModuleSession, at: datetime, grace_s: float) -> bool:
    if attempt.state != AttemptState.OPEN or not has_begun(attempt, at) or is_expired(
            attempt, session, at, grace_s):
        return False
    if session.state == SessionState.PAUSED and session.paused_since is not None:
        # Saves typed just before the pause may still be on the wire.
        return (at - session.paused_since).total_seconds() <= grace_s
    return session.state in (SessionState.RUNNING, SessionState.ENDED)
