"""Machine scores, judges' overrides, and the effective result of an attempt."""
from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select

from scoring.types import ItemResult, total_points

from .. import clock
from ..extensions import db
from ..models import Attempt, ItemOverride, User
from ..modules import get_module
from . import audit


class OverrideRefused(Exception):
    """A Chinese message for the judge; nothing was changed."""


def score_attempt(attempt: Attempt) -> list[ItemResult]:
    from .attempts import attempt_view  # scores are recomputed from the same view terminals use

    results = get_module(attempt.session.kind).score(attempt_view(attempt))
    attempt.results = [result.to_json() for result in results]
    attempt.scored_at = clock.now()
    return results


def machine_results(attempt: Attempt) -> list[ItemResult]:
    return [ItemResult.from_json(data) for data in attempt.results or []]


def latest_overrides(attempt_ids: list[int]) -> dict[tuple[int, str], ItemOverride]:
    rows = db.session.execute(select(ItemOverride).where(
        ItemOverride.attempt_id.in_(attempt_ids)).order_by(ItemOverride.id)).scalars()
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
                  judge: User) -> ItemOverride:
    reason = (reason or "").strip()
    if not reason:
        raise OverrideRefused("请填写改分理由")
    if attempt.results is None:
        raise OverrideRefused("该选手尚未交卷或收卷,暂不能改分")
    current = {r.key: r for r in effective_results(attempt)}
    if item_key not in current:
        raise OverrideRefused("该评分项不存在")
    item = current[item_key]
    if not 0 <= points <= item.max_points:
        raise OverrideRefused(f"分值须在 0 到 {item.max_points:g} 之间")
    override = ItemOverride(attempt_id=attempt.id, item_key=item_key, points=points,
                            previous_points=item.points, reason=reason[:500],
                            by_user_id=judge.id, at=clock.now())
    db.session.add(override)
    audit.record(judge.audit_name, "score.override", f"attempt:{attempt.id}", item=item_key,
                 seat=attempt.seat_no, previous=item.points, points=points, reason=reason)
    return override
