"""The one results service: pages, PDFs and Excel exports all read this, so they never disagree.

Raw module points come from each attempt's effective results (machine results with approved
overrides); ``scoring.ranking`` weights, totals, ranks and breaks ties; ``scoring.awards``
gives the prizes. Names join the rows only after the contest is unsealed.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from typing import Any

from sqlalchemy import select

from scoring.awards import AwardOutcome, AwardSettings, assign_awards
from scoring.ranking import (ContestantResult, ModuleResult, RankingSettings, TieBreak,
                             format_score, rank_contestants)
from scoring.types import total_points

from ..extensions import db
from ..modules import AttemptView, get_module
from ..models import Attempt, AttemptState, Contest, Contestant, ModuleSession
from . import timing
from .content import session_content
from .scores import effective_results, latest_overrides


@dataclass(frozen=True)
class ModuleColumn:
    kind: str
    title: str
    weight: float


@dataclass(frozen=True)
class ResultRow:
    contestant_id: int
    seat_no: str
    #: Empty while the contest is sealed.
    exam_no: str
    name: str
    school: str
    teacher: str
    rank: int | None
    total: Fraction
    #: Per module kind: (raw points, max points, weighted points).
    modules: dict[str, tuple[float, float, Fraction]]
    award: str | None
    tie_break: str | None
    status_label: str

    @property
    def total_text(self) -> str:
        return format_score(self.total)

    def weighted_text(self, kind: str) -> str:
        return format_score(self.modules[kind][2]) if kind in self.modules else "—"


@dataclass
class ResultsTable:
    contest: Contest
    columns: list[ModuleColumn]
    rows: list[ResultRow]
    sealed: bool
    award_explanation: str
    award_notes: tuple[str, ...] = ()
    locked: bool = False


def ranking_settings(contest: Contest, columns: list[ModuleColumn]) -> RankingSettings:
    """Weights from the sessions; tie-breaks from the contest settings, limited to its modules."""
    weights = {column.kind: column.weight for column in columns}
    return RankingSettings.from_json({**contest.settings, "weights": weights,
                                      "tie_breaks": _tie_breaks(contest, weights)})


def _tie_breaks(contest: Contest, weights: dict[str, float]) -> list[Any]:
    configured = contest.settings.get("tie_breaks") or [
        step.to_json() for step in RankingSettings().tie_breaks]
    steps = [TieBreak.parse(item) for item in configured]
    return [step.to_json() for step in steps if step.kind != "module" or step.module in weights]


def contest_results(contest: Contest) -> ResultsTable:
    sessions = list(contest.sessions)
    columns = [ModuleColumn(s.kind, s.title, s.weight) for s in sessions]
    people = db.session.execute(select(Contestant).where(
        Contestant.contest_id == contest.id).order_by(Contestant.seat_no, Contestant.exam_no)
    ).scalars().all()
    raw, finished = _raw_points(sessions)
    settings = ranking_settings(contest, columns)
    figures = _figures(sessions) if any(s.kind == "figure" for s in settings.tie_breaks) else {}
    inputs = [ContestantResult(person.id, person.status, raw.get(person.id, {}),
                               finished.get(person.id), figures.get(person.id, {}))
              for person in people]
    ranked = rank_contestants(inputs, settings)
    awards = assign_awards(ranked, AwardSettings.from_json(contest.settings))
    by_id = {person.id: person for person in people}
    sealed = contest.unsealed_at is None
    rows = [_row(by_id[r.contestant_id], r, raw.get(r.contestant_id, {}), awards, sealed)
            for r in ranked]
    return ResultsTable(contest, columns, rows, sealed, awards.explanation, awards.notes,
                        all(s.locked_at for s in sessions) and bool(sessions))


def _raw_points(sessions: list[ModuleSession]
                ) -> tuple[dict[int, dict[str, ModuleResult]], dict[int, datetime]]:
    """Per contestant: raw points by module kind, and the time of their last hand-in."""
    raw: dict[int, dict[str, ModuleResult]] = {}
    finished: dict[int, datetime] = {}
    for session in sessions:
        attempts = db.session.execute(select(Attempt).where(
            Attempt.session_id == session.id, Attempt.results.is_not(None))).scalars().all()
        overrides = latest_overrides([a.id for a in attempts])
        for attempt in attempts:
            results = effective_results(attempt, overrides)
            got, maximum = total_points(results)
            raw.setdefault(attempt.contestant_id, {})[session.kind] = ModuleResult(got, maximum)
            handed_in = hand_in_time(attempt, session)
            if handed_in and (attempt.contestant_id not in finished
                              or handed_in > finished[attempt.contestant_id]):
                finished[attempt.contestant_id] = handed_in
    return raw, finished


def _figures(sessions: list[ModuleSession]) -> dict[int, dict[str, Any]]:
    """Figures modules report beside the score (typing speed...), named "<kind>.<figure>"."""
    figures: dict[int, dict[str, Any]] = {}
    for session in sessions:
        module, content = get_module(session.kind), session_content(session)
        attempts = db.session.execute(select(Attempt).where(
            Attempt.session_id == session.id, Attempt.results.is_not(None))).scalars().all()
        overrides = latest_overrides([a.id for a in attempts])
        for attempt in attempts:
            view = AttemptView(attempt.id, attempt.seat_no, session.settings, content, {}, {})
            summary = module.summary(view, effective_results(attempt, overrides))
            figures.setdefault(attempt.contestant_id, {}).update(
                {f"{session.kind}.{name}": value for name, value in summary.items()
                 if isinstance(value, (int, float))})
    return figures


def hand_in_time(attempt: Attempt, session: ModuleSession) -> datetime | None:
    """When the contestant finished, for the "earlier final submission" tie-break: the moment
    they handed in, or their deadline when time ran out; whole seconds, so that attempts closed
    together by the clock do not differ by microseconds."""
    if attempt.closed_at is None:
        return None
    moment = attempt.closed_at
    if attempt.state != AttemptState.SUBMITTED:
        moment = min(moment, timing.deadline(attempt, session, moment))
    return moment.replace(microsecond=0)


def _row(person: Contestant, ranked: Any, raw: dict[str, ModuleResult], awards: AwardOutcome,
         sealed: bool) -> ResultRow:
    modules = {kind: (float(result.points), float(result.max_points), ranked.module_scores[kind])
               for kind, result in raw.items() if kind in ranked.module_scores}
    return ResultRow(
        contestant_id=person.id, seat_no=person.seat_no or "",
        exam_no="" if sealed else person.exam_no, name="" if sealed else person.name,
        school="" if sealed else person.school, teacher="" if sealed else person.teacher,
        rank=ranked.rank, total=ranked.total, modules=modules,
        award=awards.awards.get(person.id), tie_break=ranked.tie_break_used,
        status_label=ranked.status_label)

