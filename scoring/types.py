"""Result types shared by every scorer, so judging screens, overrides and totals treat all
contest modules alike."""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Iterable, Mapping


@dataclass(frozen=True)
class ItemResult:
    """The verdict on one scored item of one attempt.

    ``key`` is stable within an attempt (``"q:kpi-003"``, ``"call07.phone"``, ``"xlsx.freeze"``);
    judges override by key. ``detail`` must stay JSON-serialisable: it is stored as-is.
    """

    key: str
    label: str
    points: float
    max_points: float
    rule: str
    reason: str = ""
    flags: tuple[str, ...] = ()
    detail: Mapping[str, Any] = field(default_factory=dict)
    group: str = ""
    #: True when a person, not the machine, awards this item's points.
    judged: bool = False

    def to_json(self) -> dict[str, Any]:
        # Field by field: dataclasses.asdict deep-copies everything, and with a second deep
        # copy of ``detail`` it was a third of a quiz hand-in's CPU (80 items, ~6 ms).
        data = {name: getattr(self, name) for name in _FIELDS}
        data["flags"] = list(self.flags)
        # A copy: a scorer may hand out one memoised result for many equal answers.
        data["detail"] = _json_copy(self.detail)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "ItemResult":
        values = dict(data)
        values["flags"] = tuple(values.get("flags", ()))
        values["detail"] = dict(values.get("detail", {}))
        return cls(**values)


_FIELDS = tuple(f.name for f in fields(ItemResult))


def _json_copy(value: Any) -> Any:
    """A deep copy of JSON-ready data (a tuple becomes the list JSON stores)."""
    if isinstance(value, Mapping):
        return {key: _json_copy(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_copy(item) for item in value]
    return value


def total_points(results: Iterable[ItemResult]) -> tuple[float, float]:
    """Sum of awarded and of available points."""
    got = maximum = 0.0
    for result in results:
        got += result.points
        maximum += result.max_points
    return got, maximum
