"""Contest totals and ranking: weighted module scores, tie-breaks and competition ranks ("1224").

All arithmetic is exact (``fractions.Fraction``): 35 × 2/3 reached by two routes compares equal,
which binary floats and fixed-precision decimals do not promise. Only display rounds, half up.
"""
from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from functools import cmp_to_key
from typing import Any, Literal

Number = int | float | Decimal | Fraction
Comparison = Literal["rounded", "exact"]

#: Decimal places of every published score (result sheets, screens, award thresholds).
DISPLAY_DECIMALS = 2
MODULE_LABELS: Mapping[str, str] = {
    "quiz": "知识测试", "capture": "听打录入", "report": "报表制作", "voice": "语音情景"}
DEFAULT_WEIGHTS: Mapping[str, Number] = {"quiz": 15, "capture": 25, "report": 25, "voice": 35}
#: Only checked-in contestants are ranked; "registered" means never checked in.
RANKED_STATUS = "present"
STATUS_LABELS: Mapping[str, str] = {
    "present": "已检录", "registered": "未检录", "absent": "缺考", "disqualified": "取消资格"}


def exact(value: Number) -> Fraction:
    """The exact value of a score. A float is read as the decimal it prints as (0.1 → 1/10),
    because scores are entered and stored as short decimals, not as binary fractions."""
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("分数必须是有限数值")
        return Fraction(repr(value))
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError("分数必须是有限数值")
    return Fraction(value)


def round_score(value: Number, decimals: int = DISPLAY_DECIMALS) -> Decimal:
    """Round half up (away from zero) as ``Decimal`` ROUND_HALF_UP does, but on the exact value,
    so 87.345 becomes 87.35 (banker's rounding and float ``round`` may give 87.34)."""
    amount = exact(value)
    units = math.floor(abs(amount) * 10 ** decimals + Fraction(1, 2))
    return Decimal(-units if amount < 0 else units).scaleb(-decimals)


def format_score(value: Number, decimals: int = DISPLAY_DECIMALS) -> str:
    """The score as published, e.g. ``"87.35"``."""
    return f"{round_score(value, decimals):.{decimals}f}"


@dataclass(frozen=True)
class ModuleResult:
    """Raw points of one contest module; the weight turns them into contest points."""

    points: Number
    max_points: Number


@dataclass(frozen=True)
class ContestantResult:
    contestant_id: Hashable
    #: One of ``STATUS_LABELS``; only ``"present"`` is ranked.
    status: str
    #: By module kind; a module the contestant has no result for counts as 0.
    modules: Mapping[str, ModuleResult] = field(default_factory=dict)
    final_submission_at: datetime | None = None
    #: Reported figures by name (e.g. typing speed) for "figure" tie-breaks; missing = lowest.
    figures: Mapping[str, Number] = field(default_factory=dict)


#: Figures a module reports beside its score that may break ties (higher first).
FIGURE_LABELS: Mapping[str, str] = {
    "capture.correct_chars_per_minute": "听打录入速度（每分钟正确字数）"}


@dataclass(frozen=True)
class TieBreak:
    """One tie-break step: ``TieBreak("module", "voice")``, ``TieBreak("earlier_submission")``
    or ``TieBreak("figure", "capture.correct_chars_per_minute")`` (a reported figure, higher
    first; for this kind ``module`` holds the figure's name)."""

    kind: Literal["module", "earlier_submission", "figure"]
    module: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in ("module", "earlier_submission", "figure"):
            raise ValueError(f"未知的并列排序依据：{self.kind}")
        if self.kind in ("module", "figure") and not self.module:
            raise ValueError("按模块或指标排序时必须指定名称")

    @classmethod
    def parse(cls, item: TieBreak | Sequence[str]) -> TieBreak:
        """Accept the JSON form, ``["module", "voice"]`` or ``["earlier_submission"]``."""
        if isinstance(item, TieBreak):
            return item
        if isinstance(item, str) or not 1 <= len(item) <= 2:
            raise ValueError(f"并列排序依据格式不正确：{item!r}")
        return cls(*item)  # type: ignore[arg-type]

    def to_json(self) -> list[str]:
        return [self.kind] if self.module is None else [self.kind, self.module]

    def criterion(self, module_labels: Mapping[str, str]) -> str:
        if self.kind == "earlier_submission":
            return "最终提交时间"
        if self.kind == "figure":
            return FIGURE_LABELS.get(self.module or "", self.module or "")
        return f"{module_labels.get(self.module or '', self.module)}成绩"


DEFAULT_TIE_BREAKS: tuple[TieBreak, ...] = (
    TieBreak("module", "voice"), TieBreak("module", "capture"), TieBreak("module", "report"),
    TieBreak("module", "quiz"), TieBreak("earlier_submission"))


@dataclass(frozen=True)
class RankingSettings:
    """How totals are built and compared.

    ``compare`` defaults to ``"rounded"``: totals (and, in tie-breaks, weighted module scores) are
    compared as published, to 2 dp. The result list shows 2 dp; ranking 87.35 above 87.35 because
    of a third decimal nobody can see invites appeals, and such differences are artefacts of
    weighting (a mean of three judges times 35/100), finer than any judge marks. Equal published
    totals go to the tie-break chain instead, whose reason is printed. ``"exact"`` ranks on the
    unrounded totals.
    """

    weights: Mapping[str, Number] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    tie_breaks: tuple[TieBreak, ...] = DEFAULT_TIE_BREAKS
    compare: Comparison = "rounded"
    module_labels: Mapping[str, str] = field(default_factory=lambda: dict(MODULE_LABELS))

    def __post_init__(self) -> None:
        if self.compare not in ("rounded", "exact"):
            raise ValueError("排名比较方式只能是 rounded（按两位小数）或 exact（按未舍入总分）")
        if any(exact(weight) < 0 for weight in self.weights.values()):
            raise ValueError("模块权重不能为负数")
        for step in self.tie_breaks:
            if step.kind == "module" and step.module not in self.weights:
                raise ValueError(f"并列排序依据中的模块 {step.module} 未设置权重")

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RankingSettings:
        """Read the contest settings keys ``weights``, ``tie_breaks`` and ``ranking_compare``."""
        defaults = cls()
        return cls(
            weights=dict(data.get("weights", defaults.weights)),
            tie_breaks=tuple(TieBreak.parse(item)
                             for item in data.get("tie_breaks", defaults.tie_breaks)),
            compare=data.get("ranking_compare", defaults.compare),
        )


@dataclass(frozen=True)
class RankedRow:
    contestant_id: Hashable
    #: Competition rank ("1224"); None for contestants who are not ranked.
    rank: int | None
    #: Exact contest points; show with ``format_score``.
    total: Fraction
    #: Weighted (contest) points by module kind.
    module_scores: Mapping[str, Fraction]
    #: Why this row stands where it does among equal totals, in Chinese; None if no tie.
    tie_break_used: str | None
    status: str
    status_label: str


def weighted_module_scores(modules: Mapping[str, ModuleResult],
                           weights: Mapping[str, Number]) -> dict[str, Fraction]:
    """weight × points ÷ max per module; a module with max 0 (nothing to score) gives 0."""
    unknown = sorted(set(modules) - set(weights))
    if unknown:
        raise ValueError(f"模块 {'、'.join(unknown)} 未设置权重")
    return {kind: _weighted(kind, exact(weight), modules.get(kind))
            for kind, weight in weights.items()}


def _weighted(kind: str, weight: Fraction, result: ModuleResult | None) -> Fraction:
    if result is None:
        return Fraction(0)
    maximum = exact(result.max_points)
    if maximum < 0:
        raise ValueError(f"模块 {kind} 的满分不能为负数")
    return weight * exact(result.points) / maximum if maximum else Fraction(0)


def contest_total(modules: Mapping[str, ModuleResult], weights: Mapping[str, Number]) -> Fraction:
    return sum(weighted_module_scores(modules, weights).values(), Fraction(0))


@dataclass(frozen=True)
class _Scored:
    result: ContestantResult
    module_scores: dict[str, Fraction]
    total: Fraction


def rank_contestants(results: Iterable[ContestantResult],
                     settings: RankingSettings | None = None) -> list[RankedRow]:
    """Ranked contestants best first, then the unranked ones (absent, disqualified...) in the
    order given, with rank None."""
    settings = settings or RankingSettings()
    scored = [_score(result, settings) for result in _unique(results)]
    ranked = [row for row in scored if row.result.status == RANKED_STATUS]
    ranked.sort(key=cmp_to_key(lambda a, b: _order(a, b, settings)))
    rows = _ranked_rows(ranked, settings)
    rows += [_row(row, None, None) for row in scored if row.result.status != RANKED_STATUS]
    return rows


def _unique(results: Iterable[ContestantResult]) -> list[ContestantResult]:
    listed = list(results)
    seen: set[Hashable] = set()
    for result in listed:
        if result.status not in STATUS_LABELS:
            raise ValueError(f"未知的选手状态：{result.status}")
        if result.contestant_id in seen:
            raise ValueError(f"选手 {result.contestant_id} 重复出现")
        seen.add(result.contestant_id)
    return listed


def _score(result: ContestantResult, settings: RankingSettings) -> _Scored:
    scores = weighted_module_scores(result.modules, settings.weights)
    return _Scored(result, scores, sum(scores.values(), Fraction(0)))


def _ranked_rows(ordered: list[_Scored], settings: RankingSettings) -> list[RankedRow]:
    rows: list[RankedRow] = []
    for index, current in enumerate(ordered):
        tied_with_previous = index > 0 and _first_difference(
            ordered[index - 1], current, settings) is None
        rank = rows[-1].rank if tied_with_previous else index + 1
        neighbours = ordered[max(index - 1, 0):index] + ordered[index + 1:index + 2]
        rows.append(_row(current, rank, _explain(current, neighbours, settings)))
    return rows


def _row(scored: _Scored, rank: int | None, reason: str | None) -> RankedRow:
    status = scored.result.status
    return RankedRow(scored.result.contestant_id, rank, scored.total, scored.module_scores,
                     reason, status, STATUS_LABELS[status])


def _compared(value: Fraction, settings: RankingSettings) -> Fraction:
    return Fraction(round_score(value)) if settings.compare == "rounded" else value


def _step_order(a: _Scored, b: _Scored, step: int, settings: RankingSettings) -> int:
    """Negative when ``a`` ranks ahead of ``b`` on this step, 0 when equal."""
    if step == 0:
        return _higher_first(_compared(a.total, settings), _compared(b.total, settings))
    tie_break = settings.tie_breaks[step - 1]
    if tie_break.kind == "module":
        kind = tie_break.module or ""
        return _higher_first(_compared(a.module_scores[kind], settings),
                             _compared(b.module_scores[kind], settings))
    if tie_break.kind == "figure":
        return _higher_first(_figure(a, tie_break.module), _figure(b, tie_break.module))
    return _earlier_first(a.result.final_submission_at, b.result.final_submission_at)


def _figure(scored: _Scored, name: str | None) -> Fraction:
    value = scored.result.figures.get(name or "")
    return Fraction(-1) if value is None else exact(value)


def _higher_first(a: Fraction, b: Fraction) -> int:
    return (a < b) - (a > b)


def _earlier_first(a: datetime | None, b: datetime | None) -> int:
    # Never having submitted counts as the latest possible submission.
    if a is None or b is None:
        return (a is None) - (b is None)
    return (a > b) - (a < b)


def _first_difference(a: _Scored, b: _Scored, settings: RankingSettings) -> int | None:
    """The first step (0 = total, n = n-th tie-break) on which ``a`` and ``b`` differ."""
    for step in range(len(settings.tie_breaks) + 1):
        if _step_order(a, b, step, settings):
            return step
    return None


def _order(a: _Scored, b: _Scored, settings: RankingSettings) -> int:
    step = _first_difference(a, b, settings)
    return 0 if step is None else _step_order(a, b, step, settings)


def _explain(row: _Scored, neighbours: list[_Scored], settings: RankingSettings) -> str | None:
    steps = [_first_difference(row, other, settings) for other in neighbours]
    if None in steps:
        return "总分及全部排序依据均相同，名次并列" if settings.tie_breaks else "总分相同，名次并列"
    deepest = max((step for step in steps if step is not None), default=0)
    if deepest:
        return _tie_break_reason(deepest, settings)
    if any(round_score(row.total) == round_score(other.total) for other in neighbours):
        return "显示总分相同，按未舍入的总分排序"
    return None


def _tie_break_reason(step: int, settings: RankingSettings) -> str:
    labels = settings.module_labels
    equal = [f"{tie_break.criterion(labels)}相同" for tie_break in settings.tie_breaks[:step - 1]]
    deciding = settings.tie_breaks[step - 1]
    decision = f"按{deciding.criterion(labels)}排序"
    if deciding.kind == "earlier_submission":
        decision += "（先提交者在前）"
    return "，".join(["总分相同", *equal, decision])
