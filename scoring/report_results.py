"""Turning check verdicts into ItemResults, and shared text helpers for the report checks."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from scoring.report_spec import CheckSpec
from scoring.types import ItemResult

DASHES = re.compile(r"[~～—–－‐至到]")


@dataclass(frozen=True)
class Verdict:
    """What a check found: the share of its points earned (0…1) and why, in Chinese."""

    fraction: float
    reason: str
    rule: str
    detail: Mapping[str, Any] = field(default_factory=dict)
    flags: tuple[str, ...] = ()


def passed(reason: str, rule: str, **detail: Any) -> Verdict:
    return Verdict(1.0, reason, rule, detail)


def failed(reason: str, rule: str, **detail: Any) -> Verdict:
    return Verdict(0.0, reason, rule, detail)


def share(good: int, total: int, reason: str, rule: str, **detail: Any) -> Verdict:
    return Verdict(good / total if total else 0.0, reason, rule, detail)


def json_safe(value: Any) -> Any:
    """Cell values can be dates, times or other objects; ItemResult.detail is stored as JSON."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Mapping):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [json_safe(v) for v in value]
    return str(value)


def to_item(spec: CheckSpec, group: str, verdict: Verdict) -> ItemResult:
    fraction = min(1.0, max(0.0, verdict.fraction))
    return ItemResult(
        key=spec.key, label=spec.label, points=round(spec.points * fraction, 4),
        max_points=spec.points, rule=verdict.rule, reason=verdict.reason,
        flags=verdict.flags, detail=json_safe(dict(verdict.detail)), group=group)


def refused_items(specs: Iterable[CheckSpec], group: str, reason: str,
                  flag: str = "file_refused") -> list[ItemResult]:
    """Every item at zero when the file itself could not be read."""
    return [ItemResult(key=s.key, label=s.label, points=0.0, max_points=s.points,
                       rule="文件须能被安全读取", reason=reason, flags=(flag,), group=group)
            for s in specs]


def crashed_item(spec: CheckSpec, group: str, error: Exception) -> ItemResult:
    """A check that broke on an odd file scores 0 and asks a judge to look."""
    return ItemResult(key=spec.key, label=spec.label, points=0.0, max_points=spec.points,
                      rule="自动检查", reason=f"自动检查未能完成({type(error).__name__}),请裁判人工核对",
                      flags=("needs_review",), group=group)


def clean_text(value: Any) -> str:
    """Text as a teacher compares it: full/half width, spaces and case ignored."""
    if value is None:
        return ""
    return "".join(unicodedata.normalize("NFKC", str(value)).split()).lower()


def clean_label(value: Any) -> str:
    """Row labels such as '8:00～8:30' and '08:00-08:30' compare equal."""
    text = DASHES.sub("-", clean_text(value))
    return re.sub(r"(^|-)0(\d:)", r"\1\2", text)


def quote(text: Any, limit: int = 30) -> str:
    shown = "" if text is None else str(text)
    return f"“{shown[:limit]}{'…' if len(shown) > limit else ''}”"


def listing(items: Iterable[str], limit: int = 5) -> str:
    items = list(items)
    more = f" 等 {len(items)} 处" if len(items) > limit else ""
    return "、".join(items[:limit]) + more
