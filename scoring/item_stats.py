"""Item statistics for quiz questions, as in Moodle's quiz statistics report.

Per item: facility index (mean score ÷ maximum, %), standard deviation (sample SD of the item
score as % of its maximum), and discrimination index (Pearson correlation, %, between the item
score and the rest-of-test score, i.e. the attempt total minus that item). An attempt that has
no score for an item did not contain it and is left out of that item's figures.
"""
from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass
from typing import Any, Mapping, Sequence

REVIEW_LABEL = "建议复查"
LOW_FACILITY = 20.0
HIGH_FACILITY = 95.0


@dataclass(frozen=True)
class ItemStatistic:
    key: str
    n: int
    max_points: float
    mean: float | None
    facility_percent: float | None
    sd_percent: float | None
    discrimination_percent: float | None
    #: Why a figure above is None, in Chinese.
    notes: tuple[str, ...] = ()
    #: Why the item deserves a second look, in Chinese; empty when it looks sound.
    review_reasons: tuple[str, ...] = ()

    @property
    def needs_review(self) -> bool:
        return bool(self.review_reasons)

    @property
    def verdict(self) -> str:
        return REVIEW_LABEL if self.needs_review else ""

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["notes"] = list(self.notes)
        data["review_reasons"] = list(self.review_reasons)
        data["verdict"] = self.verdict
        return data


def item_statistics(
    attempts: Sequence[Mapping[str, float]], max_points: Mapping[str, float]
) -> list[ItemStatistic]:
    """One statistic per key of ``max_points``, in that order."""
    totals = [sum(attempt.get(key, 0.0) for key in max_points) for attempt in attempts]
    return [_statistic(key, maximum, attempts, totals) for key, maximum in max_points.items()]


def _statistic(key: str, maximum: float, attempts: Sequence[Mapping[str, float]],
               totals: list[float]) -> ItemStatistic:
    scores = [attempt[key] for attempt in attempts if key in attempt]
    rests = [total - attempt[key] for attempt, total in zip(attempts, totals, strict=True)
             if key in attempt]
    notes: list[str] = []
    n = len(scores)
    mean = statistics.fmean(scores) if scores else None
    if mean is None:
        notes.append("没有考生作答此题")
    facility = _percent(mean, maximum, notes)
    sd = _percent(statistics.stdev(scores), maximum, []) if n >= 2 else None
    discrimination = _discrimination(scores, rests, notes)
    return ItemStatistic(key, n, maximum, mean, facility, sd, discrimination, tuple(notes),
                         _review_reasons(facility, discrimination))


def _percent(value: float | None, maximum: float, notes: list[str]) -> float | None:
    if value is None:
        return None
    if maximum <= 0:
        notes.append("满分为 0，无法计算得分率")
        return None
    return 100.0 * value / maximum


def _discrimination(scores: list[float], rests: list[float], notes: list[str]) -> float | None:
    if len(scores) < 2:
        notes.append("作答人数少于 2 人，无法计算标准差和区分度")
        return None
    if statistics.pvariance(scores) == 0:
        notes.append("所有考生此题得分相同，无法计算区分度")
        return None
    if statistics.pvariance(rests) == 0:
        notes.append("所有考生其余题目的总分相同，无法计算区分度")
        return None
    return 100.0 * statistics.correlation(scores, rests)


def _review_reasons(facility: float | None, discrimination: float | None) -> tuple[str, ...]:
    reasons = []
    if facility is not None and facility < LOW_FACILITY:
        reasons.append(f"得分率 {facility:.1f}% 低于 {LOW_FACILITY:g}%，题目可能过难或答案有误")
    if facility is not None and facility > HIGH_FACILITY:
        reasons.append(f"得分率 {facility:.1f}% 高于 {HIGH_FACILITY:g}%，题目可能过于简单")
    if discrimination is not None and discrimination < 0:
        reasons.append(f"区分度为负（{discrimination:.1f}%），总分高的考生反而答得较差，请核对答案")
    return tuple(reasons)
