"""Seat-keyed views of a session's attempts for judges."""
from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from sqlalchemy import select

from scoring.types import ItemResult, total_points

from ..extensions import db
from ..models import Attempt, ModuleSession
from ..services.scores import effective_results, latest_overrides


@dataclass(frozen=True)
class SeatSummary:
    seat: str
    state_label: str
    scored: bool
    points: float
    max_points: float
    flagged: int
    overridden: int


def attempt_by_seat(session: ModuleSession, seat: str) -> Attempt:
    attempt = db.session.execute(select(Attempt).where(
        Attempt.session_id == session.id, Attempt.seat_no == seat)).scalar_one_or_none()
    if attempt is None:
        abort(404)
    return attempt


def seat_summaries(session: ModuleSession) -> list[SeatSummary]:
    attempts = db.session.execute(select(Attempt).where(
        Attempt.session_id == session.id).order_by(Attempt.seat_no)).scalars().all()
    overrides = latest_overrides([a.id for a in attempts])
    return [_summary(attempt, effective_results(attempt, overrides)) for attempt in attempts]


def _summary(attempt: Attempt, results: list[ItemResult]) -> SeatSummary:
    got, maximum = total_points(results)
    return SeatSummary(
        seat=attempt.seat_no, state_label=attempt.state_enum.label,
        scored=attempt.results is not None, points=got, max_points=maximum,
        flagged=sum(1 for r in results if _needs_look(r)),
        overridden=sum(1 for r in results if "overridden" in r.flags))


def _needs_look(result: ItemResult) -> bool:
    return result.judged or any(flag not in ("empty", "overridden") for flag in result.flags)
