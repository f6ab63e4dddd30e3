"""Combining several judges' blind marks of one voice recording into its score.

Rules (every number is a ``VoiceSettings`` field):

* **Mandatory elements, per judge.** A judge who did not hear one of the card's mandatory
  elements lists it on the sheet; that judge's points for the rubric item flagged
  ``mandatory_elements`` count as 0. Applying it per sheet keeps the judges independent: the
  item's final score is the mean of what each judge heard.
* **Mean, trimmed by total.** The final score is the mean of the judges' sheets. With at least
  ``trim_from_judges`` sheets (default 5), the sheet with the highest total and the one with
  the lowest total are dropped whole, then every item is averaged over the remaining sheets.
  Trimming whole sheets rather than each item separately keeps the item scores adding up to
  the recording's total and keeps each counted judge's marks coherent. Among equal totals the
  sheet of the alphabetically first judge id is dropped, so the result is reproducible.
* **Spread.** spread = highest − lowest total over all sheets (dropped ones included: the
  alert is about disagreement, not about the counted mean). ``spread_alert`` when
  spread > ``spread_alert_ratio`` × the rubric total (15 % of 100 = 15 points; exactly 15
  does not alert). The chief judge then orders a re-mark (see ``voice_remark``).
* **Red line.** A judge sets it (with a reason) for naming one's self or school, or for
  rudeness. Under ``RedLineRule.ANY_JUDGE`` (default) one flag zeroes the recording; under
  ``RedLineRule.MAJORITY`` more than half of the sheets must carry it. A zeroed recording
  keeps its unzeroed score in ``detail`` so the chief judge can restore it by override.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from typing import Any, Mapping, Sequence

from question_bank.scenario_model import Rubric, RubricItem
from scoring.types import ItemResult
from scoring.voice_marks import DEFAULT_MARK_STEP, RED_LINE_REASONS, JudgeMarks, validate_marks


class RedLineRule(StrEnum):
    ANY_JUDGE = "any_judge"
    MAJORITY = "majority"


@dataclass(frozen=True)
class VoiceSettings:
    judges_per_recording: int = 3
    trim_from_judges: int = 5
    spread_alert_ratio: float = 0.15
    red_line_rule: RedLineRule = RedLineRule.ANY_JUDGE
    mark_step: float = DEFAULT_MARK_STEP

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "VoiceSettings":
        values = {**asdict(cls()), **data}
        return cls(
            judges_per_recording=int(values["judges_per_recording"]),
            trim_from_judges=int(values["trim_from_judges"]),
            spread_alert_ratio=float(values["spread_alert_ratio"]),
            red_line_rule=RedLineRule(values["red_line_rule"]),
            mark_step=float(values["mark_step"]),
        )

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "red_line_rule": self.red_line_rule.value}


@dataclass(frozen=True)
class RedLineOutcome:
    applied: bool
    flagged_by: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class CombinedResult:
    recording: str
    total: float
    max_total: float
    judge_totals: dict[str, float]
    counted_judges: tuple[str, ...]
    dropped_judges: tuple[str, ...]
    spread: float
    spread_limit: float
    spread_alert: bool
    red_line: RedLineOutcome
    #: Fewer sheets than ``judges_per_recording``: the score may still change.
    incomplete: bool
    items: list[ItemResult] = field(default_factory=list)

    def flags(self) -> tuple[str, ...]:
        """Recording-level flags, carried by every item so any item explains the recording."""
        disputed = bool(self.red_line.flagged_by) and not self.red_line.applied
        named = (("unmarked", not self.judge_totals), ("incomplete", self.incomplete),
                 ("spread_alert", self.spread_alert), ("red_line", self.red_line.applied),
                 ("red_line_disputed", disputed))
        return tuple(name for name, present in named if present)

    def summary_json(self) -> dict[str, Any]:
        return {
            "recording": self.recording,
            "total": self.total,
            "max_total": self.max_total,
            "judge_totals": dict(self.judge_totals),
            "counted_judges": list(self.counted_judges),
            "dropped_judges": list(self.dropped_judges),
            "spread": self.spread,
            "spread_limit": self.spread_limit,
            "spread_alert": self.spread_alert,
            "incomplete": self.incomplete,
            "red_line": {"applied": self.red_line.applied,
                         "flagged_by": list(self.red_line.flagged_by),
                         "reasons": list(self.red_line.reasons)},
        }

    def to_json(self) -> dict[str, Any]:
        return {**self.summary_json(), "items": [item.to_json() for item in self.items]}


def combine_marks(rubric: Rubric, marks: Sequence[JudgeMarks],
                  settings: VoiceSettings = VoiceSettings(), *,
                  recording: str = "inbound") -> CombinedResult:
    """The recording's score from valid, one-per-judge sheets (see the module rules)."""
    _refuse_bad_sheets(rubric, marks, settings)
    effective = {sheet.judge_id: effective_points(rubric, sheet) for sheet in marks}
    totals = {judge: math.fsum(points.values()) for judge, points in effective.items()}
    counted, dropped = _trim(totals, settings)
    spread = max(totals.values()) - min(totals.values()) if totals else 0.0
    limit = settings.spread_alert_ratio * rubric.total
    red_line = red_line_outcome(marks, settings.red_line_rule)
    total = 0.0 if red_line.applied else _mean([totals[judge] for judge in counted])
    result = CombinedResult(recording, total, rubric.total, totals, counted, dropped, spread,
                            limit, spread > limit + 1e-9, red_line,
                            len(marks) < settings.judges_per_recording)
    items = [_item_result(item, marks, effective, result) for item in rubric.items]
    return replace(result, items=items)


def effective_points(rubric: Rubric, sheet: JudgeMarks) -> dict[str, float]:
    """The sheet's points with the mandatory-element rule applied."""
    points = {item.id: float(sheet.points[item.id]) for item in rubric.items}
    mandatory = rubric.mandatory_item
    if mandatory is not None and sheet.missing_elements:
        points[mandatory.id] = 0.0
    return points


def red_line_outcome(marks: Sequence[JudgeMarks], rule: RedLineRule) -> RedLineOutcome:
    flagged = [sheet for sheet in marks if sheet.red_line]
    needed = len(marks) // 2 + 1 if rule is RedLineRule.MAJORITY else 1
    applied = len(flagged) >= needed
    reasons = tuple(dict.fromkeys(RED_LINE_REASONS.get(sheet.red_line_reason, "")
                                  for sheet in flagged))
    return RedLineOutcome(applied, tuple(sheet.judge_id for sheet in flagged), reasons)


def _refuse_bad_sheets(rubric: Rubric, marks: Sequence[JudgeMarks],
                       settings: VoiceSettings) -> None:
    judges = [sheet.judge_id for sheet in marks]
    if len(set(judges)) != len(judges):
        raise ValueError("同一评委有多份评分单，请先用 resolve_remarks 选出有效的一份")
    for sheet in marks:
        # Element ids are not checked here: the sheet's list only matters by being non-empty.
        problems = validate_marks(rubric, sheet, element_ids=sheet.missing_elements,
                                  step=settings.mark_step)
        if problems:
            raise ValueError(f"评委 {sheet.judge_id} 的评分单无效：{'；'.join(problems)}")


def _trim(totals: Mapping[str, float],
          settings: VoiceSettings) -> tuple[tuple[str, ...], tuple[str, ...]]:
    ranked = sorted(totals, key=lambda judge: (totals[judge], judge))
    if len(ranked) < max(settings.trim_from_judges, 3):
        return tuple(sorted(ranked)), ()
    dropped = (ranked[0], ranked[-1])
    return tuple(sorted(ranked[1:-1])), dropped


def _item_result(item: RubricItem, marks: Sequence[JudgeMarks],
                 effective: Mapping[str, Mapping[str, float]],
                 summary: CombinedResult) -> ItemResult:
    mean = _mean([effective[judge][item.id] for judge in summary.counted_judges])
    missing = {sheet.judge_id: list(sheet.missing_elements) for sheet in marks
               if item.mandatory_elements and sheet.missing_elements}
    flags = summary.flags() + (("mandatory_missing",) if missing else ())
    detail = {
        "judges": {judge: points[item.id] for judge, points in effective.items()},
        "submitted": {sheet.judge_id: float(sheet.points[item.id]) for sheet in marks},
        "comments": {sheet.judge_id: sheet.comments[item.id] for sheet in marks
                     if sheet.comments.get(item.id)},
        "mandatory_missing": missing,
        "unzeroed_points": mean,
        "recording": summary.summary_json(),
    }
    return ItemResult(
        key=f"{summary.recording}.{item.id}", label=item.label,
        points=0.0 if summary.red_line.applied else mean, max_points=item.max_points,
        rule="voice.trimmed_mean" if summary.dropped_judges else "voice.mean",
        reason=_reason(summary, missing), flags=flags, detail=detail,
        group=summary.recording, judged=True,
    )


def _reason(summary: CombinedResult, missing: Mapping[str, list[str]]) -> str:
    if not summary.judge_totals:
        return "尚无评委评分"
    parts = [f"{len(summary.counted_judges)} 位评委的平均分"]
    if summary.dropped_judges:
        parts[0] = (f"{len(summary.judge_totals)} 位评委去掉一个最高总分和一个最低总分"
                    "后的平均分")
    if missing:
        parts.append(f"评委 {'、'.join(missing)} 认为缺少必讲要素，其本项按 0 分计")
    if summary.spread_alert:
        parts.append(f"评委总分极差 {summary.spread:g} 分，超过 {summary.spread_limit:g} 分，"
                     "请裁判长复核")
    if summary.red_line.applied:
        parts.append(f"触及红线（{'、'.join(summary.red_line.reasons)}），本录音计 0 分")
    return "；".join(parts)


def _mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values) if values else 0.0
