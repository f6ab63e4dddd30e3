"""The chief judge corrects a call's key: every scored attempt is re-scored, the changes are
shown (who gains, who loses, how much) before anything is written, and applying is audited."""
from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass, replace
from typing import Any, Mapping

from sqlalchemy import select

from scoring.capture import NORMALIZERS
from scoring.capture_rules import CaptureField
from scoring.types import ItemResult

from ... import clock
from ...extensions import db
from ...models import Attempt, AttemptState, ModuleSession
from ...services import audit
from ...services.attempts import attempt_view
from ...services.content import replace_content, session_content
from ...services.scores import latest_overrides, machine_results
from ..registry import get_module
from .content import FIELDS, call_of
from .staff_forms import ALTERNATIVES_MAX


LOCKED = "本模块成绩已锁定,不能再更正答案;如有争议请登记申诉"


class CorrectionRefused(Exception):
    """A Chinese message for the chief judge; nothing was changed."""


@dataclass(frozen=True)
class KeyEdit:
    call_id: str
    key: Mapping[str, str]
    alternatives: Mapping[str, list[str]]
    reason: str

    def as_key(self) -> dict[str, Any]:
        return {**self.key, "alternatives": {k: list(v) for k, v in self.alternatives.items()}}

    def digest(self, version: int) -> str:
        """Names exactly this edit of this content version (preview, then apply the same)."""
        payload = json.dumps([version, self.call_id, self.as_key(), self.reason],
                             ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ItemChange:
    label: str
    before: float
    after: float
    overridden: bool


@dataclass(frozen=True)
class SeatChange:
    seat: str
    before: float
    after: float
    items: tuple[ItemChange, ...]

    @property
    def delta(self) -> float:
        return self.after - self.before


@dataclass(frozen=True)
class RescorePlan:
    """New machine results per scored attempt, and what they change for each seat."""

    results: list[tuple[Attempt, list[ItemResult]]]
    changes: list[SeatChange]
    unchanged: int
    still_open: int

    @property
    def gained(self) -> int:
        return sum(1 for change in self.changes if change.delta > 0)

    @property
    def lost(self) -> int:
        return sum(1 for change in self.changes if change.delta < 0)


def edit_problems(content: Mapping[str, Any], edit: KeyEdit) -> list[str]:
    call = call_of(content, edit.call_id)
    if call is None:
        return ["来电不存在"]
    problems = []
    for name in FIELDS:
        field = CaptureField(name)
        forms = [edit.key[name], *edit.alternatives.get(name, ())]
        if any(not NORMALIZERS[field](form) for form in forms):
            problems.append(f"{field.label}:去掉空格和标点后为空")
        if len(edit.alternatives.get(name, ())) > ALTERNATIVES_MAX:
            problems.append(f"{field.label}:备选写法最多 {ALTERNATIVES_MAX} 种")
    if not problems and dict(call["key"]) == edit.as_key():
        problems.append("答案没有变化")
    return problems


def corrected_content(content: Mapping[str, Any], edit: KeyEdit, actor: str
                      ) -> dict[str, Any]:
    new = copy.deepcopy(dict(content))
    call = next(call for call in new["calls"] if call["id"] == edit.call_id)
    before, call["key"] = call["key"], edit.as_key()
    new.setdefault("corrections", []).append({
        "call": edit.call_id, "before": before, "after": call["key"], "reason": edit.reason,
        "by": actor, "at": clock.now().isoformat(timespec="seconds")})
    return new


def plan_rescore(session: ModuleSession, content: Mapping[str, Any]) -> RescorePlan:
    """Score every closed attempt against ``content`` without writing anything."""
    module = get_module(session.kind)
    attempts = db.session.execute(select(Attempt).where(
        Attempt.session_id == session.id).order_by(Attempt.seat_no)).scalars().all()
    scored = [attempt for attempt in attempts if attempt.results is not None]
    overrides = latest_overrides([attempt.id for attempt in scored])
    labels = module.item_labels(content)
    results, changes = [], []
    for attempt in scored:
        new = module.score(replace(attempt_view(attempt), content=content))
        results.append((attempt, new))
        manual = {key: row.points for (attempt_id, key), row in overrides.items()
                  if attempt_id == attempt.id}
        change = _seat_change(attempt.seat_no, machine_results(attempt), new, manual, labels)
        if change is not None:
            changes.append(change)
    still_open = sum(1 for attempt in attempts if attempt.state == AttemptState.OPEN)
    return RescorePlan(results, changes, len(scored) - len(changes), still_open)


def _seat_change(seat: str, old: list[ItemResult], new: list[ItemResult],
                 manual: Mapping[str, float], labels: Mapping[str, str]) -> SeatChange | None:
    before_points = {result.key: result.points for result in old}
    items = tuple(ItemChange(labels.get(result.key, result.label),
                             before_points.get(result.key, 0.0), result.points,
                             result.key in manual)
                  for result in new if before_points.get(result.key) != result.points)
    if not items:
        return None
    before = sum(manual.get(r.key, r.points) for r in old)
    after = sum(manual.get(r.key, r.points) for r in new)
    return SeatChange(seat, before, after, items)


def apply_correction(session: ModuleSession, edit: KeyEdit, version: int, actor: str
                     ) -> RescorePlan:
    """Replace the content, store every re-scored attempt's results, audit. The caller
    commits. Refused when the key changed since the preview (``version``)."""
    current = db.session.scalar(select(ModuleSession.content_version).where(
        ModuleSession.id == session.id).with_for_update())
    if session.locked_at is not None:
        raise CorrectionRefused(LOCKED)
    if current != version:
        raise CorrectionRefused("答案已被他人更新,请重新预览后再应用")
    content = session_content(session)
    problems = edit_problems(content, edit)
    if problems:
        raise CorrectionRefused(";".join(problems))
    new = corrected_content(content, edit, actor)
    plan = plan_rescore(session, new)  # scored against ``new`` before the version moves
    before = call_of(content, edit.call_id)
    replace_content(session, new)
    at = clock.now()
    for attempt, results in plan.results:
        attempt.results = [result.to_json() for result in results]
        attempt.scored_at = at
    audit.record(actor, "capture.key_correct", f"session:{session.id}", call=edit.call_id,
                 before=dict(before["key"]) if before else None, after=edit.as_key(),
                 reason=edit.reason, gained=plan.gained, lost=plan.lost,
                 seats=[{"seat": c.seat, "before": c.before, "after": c.after}
                        for c in plan.changes])
    return plan
