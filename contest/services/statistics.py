"""Item statistics of a session (facility and discrimination), over its closed attempts."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from scoring.item_stats import item_statistics

from ..extensions import db
from ..models import Attempt, AttemptState, ModuleSession
from ..modules import get_module
from .scores import effective_results, latest_overrides


@dataclass(frozen=True)
class StatRow:
    key: str
    label: str
    n: int
    facility: float | None
    discrimination: float | None
    sd: float | None
    warning: str


@dataclass(frozen=True)
class SessionStatistics:
    attempts: int
    rows: list[StatRow]


def session_item_statistics(session: ModuleSession) -> SessionStatistics:
    attempts = db.session.execute(select(Attempt).where(
        Attempt.session_id == session.id, Attempt.state != AttemptState.OPEN.value,
        Attempt.results.is_not(None))).scalars().all()
    overrides = latest_overrides([a.id for a in attempts])
    scored = [effective_results(attempt, overrides) for attempt in attempts]
    if not scored:
        return SessionStatistics(0, [])
    maxima = {result.key: result.max_points for result in scored[0]}
    labels = {result.key: result.label for result in scored[0]}
    labels.update(get_module(session.kind).item_labels(session.content))
    points = [{result.key: result.points for result in results} for results in scored]
    rows = [StatRow(stat.key, labels.get(stat.key, stat.key), stat.n, stat.facility_percent,
                    stat.discrimination_percent, stat.sd_percent,
                    ";".join(stat.review_reasons))
            for stat in item_statistics(points, maxima)]
    return SessionStatistics(len(scored), rows)
