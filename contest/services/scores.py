"""Machine scores, judges' overrides, and the effective result of an attempt."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select

from scoring.types import ItemResult, total_points

from .. import clock
from ..extensions import db
from ..models import Appeal, Attempt, ItemOverride, User
from ..modules import get_module
from . import audit


class OverrideRefused(Exception):
    """A Chinese message for the judge; nothing was changed."""


@dataclass(frozen=True)
class Prescored:
    """Results computed before the write lock, valid for exactly these answers."""

    answers: dict[str, Any]
    results: list[ItemResult]
    #: The results as stored (serialising a paper's items is itself worth doing unlocked).
    stored: list[dict[str, Any]]


def prescore(attempt: Attempt) -> Prescored:
    """Score while only reading, so a slow scorer (report files) holds no write lock."""
    from .attempts import attempt_view

    view = attempt_view(attempt)
    results = get_module(attempt.session.kind).score(view)
    return Prescored(dict(view.answers), results, [result.to_json() for result in results])


def score_attempt(attempt: Attempt, prescored: Prescored | None = None) -> list[ItemResult]:
    from .attempts import attempt_view  # scores are recomputed from the same view terminals use

    view = attempt_view(attempt)
    if prescored is not None and prescored.answers == view.answers:
        results, attempt.results = prescored.results, prescored.stored
    else:
        results = get_module(attempt.session.kind).score(view)
        attempt.results = [result.to_json() for result in results]
    attempt.scored_at = clock.now()
    return results


def machine_results(attempt: Attempt) -> list[ItemResult]:
    return [ItemResult.from_json(data) for data in attempt.results or []]


def latest_overrides(attempt_ids: list[int]) -> dict[tuple[int, str], ItemOverride]:
    """The newest signed override per item; one awaiting the chief judge's signature waits."""
    rows = db.session.execute(select(ItemOverride).where(
        ItemOverride.attempt_id.in_(attempt_ids), ItemOverride.approved_at.is_not(None))
        .order_by(ItemOverride.id)).scalars()
    return {(row.attempt_id, row.item_key): row for row in rows}


def effective_results(attempt: Attempt,
                      overrides: dict[tuple[int, str], ItemOverride] | None = None
                      ) -> list[ItemResult]:
    """Machine results with the newest override of each item applied."""
    overrides = latest_overrides([attempt.id]) if overrides is None else overrides
    results = []
    for result in machine_results(attempt):
        override = overrides.get((attempt.id, result.key))
        if override is not None:
            result = replace(result, points=override.points, flags=(*result.flags, "overridden"),
                             detail={**result.detail, "override": {
                                 "points": override.points, "machine_points": result.points,
                                 "reason": override.reason, "at": override.at.isoformat()}})
        results.append(result)
    return results


def attempt_total(attempt: Attempt) -> tuple[float, float]:
    return total_points(effective_results(attempt))


def override_item(attempt: Attempt, item_key: str, points: float, reason: str,
                  judge: User, appeal: Appeal | None = None) -> ItemOverride:
    """A judge's new value for one item. After the module is locked only an upheld, approved
    appeal allows it. When the contest requires it, the chief judge must countersign."""
    reason = (reason or "").strip()
    if not reason:
        raise OverrideRefused("请填写改分理由")
    if attempt.results is None:
        raise OverrideRefused("该选手尚未交卷或收卷,暂不能改分")
    if judge.role not in get_module(attempt.session.kind).override_roles:
        raise OverrideRefused("本模块由多位评委独立评分,只有裁判长可以改分")
    _refuse_if_locked(attempt, appeal)
    current = {r.key: r for r in effective_results(attempt)}
    if item_key not in current:
        raise OverrideRefused("该评分项不存在")
    item = current[item_key]
    if not 0 <= points <= item.max_points:
        raise OverrideRefused(f"分值须在 0 到 {item.max_points:g} 之间")
    at = clock.now()
    signed = not needs_countersignature(attempt, judge)
    override = ItemOverride(attempt_id=attempt.id, item_key=item_key, points=points,
                            previous_points=item.points, reason=reason[:500],
                            by_user_id=judge.id, at=at, appeal_id=appeal.id if appeal else None,
                            approved_by_user_id=judge.id if signed else None,
                            approved_at=at if signed else None)
    db.session.add(override)
    db.session.flush()
    audit.record(judge.audit_name, "score.override", f"attempt:{attempt.id}", item=item_key,
                 seat=attempt.seat_no, previous=item.points, points=points, reason=reason,
                 override=override.id, pending_countersignature=not signed,
                 appeal=appeal.id if appeal else None)
    return override


def needs_countersignature(attempt: Attempt, judge: User) -> bool:
    settings = attempt.session.contest.settings
    return bool(settings.get("override_countersign")) and judge.role != "chief_judge"


def countersign_override(override: ItemOverride, chief: User) -> None:
    if override.approved_at is not None:
        raise OverrideRefused("该改分已生效,无需再签")
    if chief.role != "chief_judge" or chief.id == override.by_user_id:
        raise OverrideRefused("改分须由裁判长另行签认")
    override.approved_by_user_id, override.approved_at = chief.id, clock.now()
    audit.record(chief.audit_name, "score.override.countersign", f"attempt:{override.attempt_id}",
                 override=override.id, item=override.item_key)


def _refuse_if_locked(attempt: Attempt, appeal: Appeal | None) -> None:
    if attempt.session.locked_at is None:
        return
    if appeal is None:
        raise OverrideRefused("本模块成绩已锁定,改分须先登记申诉并经仲裁批准")
    if appeal.state != "upheld" or appeal.approved_at is None:
        raise OverrideRefused("申诉尚未裁定支持或未经第二人批准,不能改分")
    if appeal.session_id != attempt.session_id or appeal.seat_no != attempt.seat_no:
        raise OverrideRefused("申诉与该赛位、模块不符")
