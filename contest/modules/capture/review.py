"""What a judge sees for one seat: each call's five fields beside the key, with the
character diff and the flags that ask for a second look."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from scoring.types import ItemResult, total_points

from .content import FIELDS, item_key

FLAG_LABELS = {
    "empty": "未作答", "homophone": "同音字", "traditional": "繁体字", "transposed": "顺序颠倒",
    "extension": "分机号", "partial": "部分得分", "alternative": "备选写法",
    "truncated": "超长截断", "overridden": "已改分",
}
#: Flags that do not by themselves ask a judge to listen again.
QUIET_FLAGS = frozenset({"empty", "overridden", "alternative"})
_CONTROL = {code: 0x2400 + code for code in range(0x20)} | {0x7F: 0x2421}


def visible(text: str) -> str:
    """Control characters as their visible symbols (␛, ␀ ...), so a judge sees they are
    there; escaping is still the template's job."""
    return text.translate(_CONTROL)


@dataclass(frozen=True)
class DiffPart:
    kind: str          # equal, insert, delete, replace
    text: str          # what the contestant typed (the missing key text for delete)
    expected: str = ""  # the key text a replace stands for


@dataclass(frozen=True)
class FieldReview:
    label: str
    typed: str
    key: str
    alternatives: tuple[str, ...]
    diff: tuple[DiffPart, ...]
    flags: tuple[str, ...]
    result: ItemResult

    @property
    def needs_look(self) -> bool:
        return any(flag not in QUIET_FLAGS for flag in self.result.flags)


@dataclass(frozen=True)
class CallReview:
    number: int
    id: str
    title: str
    fields: tuple[FieldReview, ...]

    @property
    def points(self) -> tuple[float, float]:
        return total_points(field.result for field in self.fields)


def judge_calls(content: Mapping[str, Any], results: list[ItemResult]) -> list[CallReview]:
    by_key = {result.key: result for result in results}
    reviews = []
    for number, call in enumerate(content["calls"], start=1):
        rows = tuple(_field_review(call, name, by_key[item_key(call["id"], name)])
                     for name in FIELDS if item_key(call["id"], name) in by_key)
        reviews.append(CallReview(number, call["id"], call["title"], rows))
    return reviews


def _field_review(call: Mapping[str, Any], name: str, result: ItemResult) -> FieldReview:
    key = call["key"]
    detail = result.detail
    return FieldReview(
        label=result.label, typed=visible(str(detail.get("typed_raw", ""))),
        key=str(key[name]), alternatives=tuple(key.get("alternatives", {}).get(name, ())),
        diff=tuple(_diff_part(entry) for entry in detail.get("diff", ())),
        flags=tuple(FLAG_LABELS.get(flag, flag) for flag in result.flags), result=result)


def _diff_part(entry: list[str]) -> DiffPart:
    kind, text = entry[0], visible(entry[1])
    return DiffPart(kind, text, visible(entry[2]) if kind == "replace" else "")
