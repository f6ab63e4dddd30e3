"""Award places (一等奖 / 二等奖 / 三等奖) from the ranked list.

Quotas are cut on the *cumulative* ratio (10 %, 30 %, 60 % of ranked contestants) and then
rounded, rather than rounding each prize on its own: per-prize rounding lets the errors add up
(5 contestants: 0.5 → 1, 1.0 → 1, 1.5 → 2 gives 4 winners, 80 % instead of 60 %), whereas
cumulative cut-offs keep every prize line, and so the number of winners, within half a place of
the rule. Rounding choices (``AwardSettings.rounding``):

- ``half_up`` (default, 四舍五入): what organisers compute by hand and contestants expect;
  a lone contestant gets 三等奖 (0.6 → 1), two get one 二等奖, three get one 二等奖 and one 三等奖.
- ``floor`` (向下取整): never exceeds the quota, but small fields lose prizes: no 一等奖 below
  10 contestants, no award at all for a lone contestant.
- ``ceil`` (向上取整): never short of the quota, but over it in small fields: a lone contestant
  gets 一等奖, 4 contestants get one of each prize (75 % win).
- ``half_even`` (四舍六入五成双): unbiased on average but surprising on a results page
  (5 contestants: no 一等奖, two 二等奖).
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

from scoring.ranking import Number, RankedRow, exact, format_score, round_score

Rounding = Literal["half_up", "floor", "ceil", "half_even"]
#: "higher": everybody tied across a prize line gets the better prize (that prize may exceed its
#: quota, the following one shrinks); "lower": they all get the worse one (or none).
BoundaryTies = Literal["higher", "lower"]

ROUNDING_LABELS: Mapping[str, str] = {
    "half_up": "四舍五入", "floor": "向下取整", "ceil": "向上取整", "half_even": "四舍六入五成双"}
BOUNDARY_LABELS: Mapping[str, str] = {
    "higher": "名次并列且跨越获奖名次线时，并列选手均获较高奖项，该奖项人数可能超出名额，"
              "其后奖项的名额相应减少。",
    "lower": "名次并列且跨越获奖名次线时，并列选手均获较低奖项（或不获奖），"
             "较高奖项人数可能少于名额。",
}
DEFAULT_TIERS: tuple[tuple[str, Number], ...] = (
    ("一等奖", Decimal("0.10")), ("二等奖", Decimal("0.20")), ("三等奖", Decimal("0.30")))


@dataclass(frozen=True)
class AwardSettings:
    #: (award name, share of ranked contestants), best award first.
    tiers: tuple[tuple[str, Number], ...] = DEFAULT_TIERS
    rounding: Rounding = "half_up"
    boundary_ties: BoundaryTies = "higher"
    #: No award below this total, compared with the published (2 dp) total. None: no minimum.
    minimum_total: Number | None = None

    def __post_init__(self) -> None:
        names = [name for name, _ in self.tiers]
        if len(set(names)) != len(names) or not all(names):
            raise ValueError("奖项名称不能为空或重复")
        ratios = [exact(ratio) for _, ratio in self.tiers]
        if any(ratio < 0 for ratio in ratios) or sum(ratios) > 1:
            raise ValueError("获奖比例不能为负数，合计不能超过100%")
        if self.rounding not in ROUNDING_LABELS:
            raise ValueError(f"未知的名额取整方式：{self.rounding}")
        if self.boundary_ties not in BOUNDARY_LABELS:
            raise ValueError(f"未知的并列跨线处理方式：{self.boundary_ties}")

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> AwardSettings:
        """Read the contest settings keys ``award_tiers`` ([[name, ratio], ...]),
        ``award_rounding``, ``award_boundary_ties`` and ``award_minimum_total``."""
        defaults = cls()
        tiers = data.get("award_tiers", defaults.tiers)
        return cls(tiers=tuple((str(name), ratio) for name, ratio in tiers),
                   rounding=data.get("award_rounding", defaults.rounding),
                   boundary_ties=data.get("award_boundary_ties", defaults.boundary_ties),
                   minimum_total=data.get("award_minimum_total", defaults.minimum_total))


@dataclass(frozen=True)
class AwardOutcome:
    #: Every contestant of the ranked list, unranked ones included, to an award name or None.
    awards: dict[Hashable, str | None]
    #: Places per award before ties moved a line: (name, count).
    quotas: tuple[tuple[str, int], ...]
    #: The rules as applied, in Chinese, for the results page.
    explanation: str
    #: Where this field's ties or the minimum changed who won, in Chinese.
    notes: tuple[str, ...]


def round_count(value: Fraction, rounding: Rounding) -> int:
    if rounding == "floor":
        return math.floor(value)
    if rounding == "ceil":
        return math.ceil(value)
    if rounding == "half_even":
        return round(value)
    return math.floor(value + Fraction(1, 2))


def prize_lines(ranked_count: int, settings: AwardSettings) -> list[tuple[str, int]]:
    """The last place (1-based) that each award reaches, from the cumulative ratios."""
    lines: list[tuple[str, int]] = []
    cumulative = Fraction(0)
    for name, ratio in settings.tiers:
        cumulative += exact(ratio)
        lines.append((name, round_count(ranked_count * cumulative, settings.rounding)))
    return lines


def award_quotas(ranked_count: int, settings: AwardSettings) -> tuple[tuple[str, int], ...]:
    lines = prize_lines(ranked_count, settings)
    previous = [0] + [line for _, line in lines]
    return tuple((name, line - before)
                 for (name, line), before in zip(lines, previous[:-1], strict=True))


def assign_awards(rows: Sequence[RankedRow], settings: AwardSettings | None = None) -> AwardOutcome:
    """Award by competition rank: a tied group occupies places rank … rank + size − 1, and
    ``boundary_ties`` says whether its first or its last place decides the award."""
    settings = settings or AwardSettings()
    ranked = [row for row in rows if row.rank is not None]
    lines = prize_lines(len(ranked), settings)
    group_sizes = Counter(row.rank for row in ranked)
    awards: dict[Hashable, str | None] = {row.contestant_id: None for row in rows}
    below_minimum = 0
    for row in ranked:
        award = _award_at(_deciding_place(row.rank or 0, group_sizes, settings), lines)
        if award and not _meets_minimum(row, settings):
            award, below_minimum = None, below_minimum + 1
        awards[row.contestant_id] = award
    notes = _boundary_notes(group_sizes, lines, settings)
    if below_minimum:
        notes.append(f"{below_minimum}名选手总分低于获奖最低分，不获奖。")
    quotas = award_quotas(len(ranked), settings)
    return AwardOutcome(awards, quotas, _explanation(len(ranked), quotas, settings), tuple(notes))


def _deciding_place(rank: int, group_sizes: Counter[int | None], settings: AwardSettings) -> int:
    return rank if settings.boundary_ties == "higher" else rank + group_sizes[rank] - 1


def _award_at(place: int, lines: list[tuple[str, int]]) -> str | None:
    return next((name for name, line in lines if place <= line), None)


def _meets_minimum(row: RankedRow, settings: AwardSettings) -> bool:
    minimum = settings.minimum_total
    return minimum is None or round_score(row.total) >= round_score(minimum)


def _boundary_notes(group_sizes: Counter[int | None], lines: list[tuple[str, int]],
                    settings: AwardSettings) -> list[str]:
    notes = []
    for rank, size in sorted((rank, size) for rank, size in group_sizes.items() if rank):
        first, last = _award_at(rank, lines), _award_at(rank + size - 1, lines)
        if first != last:
            given = first if settings.boundary_ties == "higher" else last
            notes.append(f"第{rank}名{size}人并列，跨越{first}名次线，均{_receive(given)}。")
    return notes


def _receive(award: str | None) -> str:
    return f"获{award}" if award else "不获奖"


def _explanation(ranked_count: int, quotas: tuple[tuple[str, int], ...],
                 settings: AwardSettings) -> str:
    shares = "、".join(f"{name}{_percent(ratio)}" for name, ratio in settings.tiers)
    counts = "、".join(f"{name}{count}人" for name, count in quotas)
    text = (f"获奖比例按参与排名的选手人数（不含缺考、取消资格）计算：{shares}；"
            f"名额按累计比例乘以人数后{ROUNDING_LABELS[settings.rounding]}确定。"
            f"本次参与排名{ranked_count}人，名额为{counts}。"
            f"{BOUNDARY_LABELS[settings.boundary_ties]}")
    if settings.minimum_total is not None:
        text += f"总分低于{format_score(settings.minimum_total)}分者不获奖。"
    return text


def _percent(ratio: Number) -> str:
    return f"{float(exact(ratio) * 100):g}%"
