"""Voice scenario cards and judging rubrics as immutable data, with a JSON round trip.

Cards are frozen into the database when a contest session is set up, so a later edit of the
YAML files never changes what a running contest shows or how it is judged. The rubric stored
in a card is already resolved: the shared rubric with the card's overrides applied.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any, Mapping, cast, get_args, get_origin, get_type_hints

#: Band levels from best to worst; a rubric item's bands must appear in this order.
BAND_LEVELS: tuple[str, ...] = ("优", "良", "中", "差")


class Direction(StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"

    @property
    def label(self) -> str:
        return "呼入" if self is Direction.INBOUND else "呼出"


class Kind(StrEnum):
    SERVICE = "service"
    COMPLAINT = "complaint"
    ENQUIRY = "enquiry"
    SALES = "sales"
    FOLLOWUP = "followup"
    SURVEY = "survey"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    Kind.SERVICE: "服务",
    Kind.COMPLAINT: "投诉",
    Kind.ENQUIRY: "咨询",
    Kind.SALES: "营销",
    Kind.FOLLOWUP: "回访",
    Kind.SURVEY: "调查",
}


@dataclass(frozen=True)
class Band:
    """A score band of one rubric item: judges pick the band first, then a point inside it."""

    level: str
    min_points: float
    max_points: float
    descriptor: str


@dataclass(frozen=True)
class RubricItem:
    id: str
    label: str
    max_points: float
    bands: tuple[Band, ...]
    guidance: str = ""
    #: A missing mandatory element (as a judge hears it) scores 0 for this item.
    mandatory_elements: bool = False


@dataclass(frozen=True)
class Rubric:
    name: str
    title: str
    total: float
    items: tuple[RubricItem, ...]

    @property
    def item_ids(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.items)

    def item(self, item_id: str) -> RubricItem:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    @property
    def mandatory_item(self) -> RubricItem | None:
        return next((item for item in self.items if item.mandatory_elements), None)


@dataclass(frozen=True)
class MandatoryElement:
    """Something the call must contain, with the words a script check looks for."""

    id: str
    name: str
    keywords: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class Phrase:
    """A recommended service phrase or a 禁语, with variants that mean the same."""

    text: str
    variants: tuple[str, ...] = ()
    note: str = ""

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.text, *self.variants)


@dataclass(frozen=True)
class Company:
    name: str
    background: str
    product: str = ""


@dataclass(frozen=True)
class Customer:
    name: str
    profile: str


@dataclass(frozen=True)
class TimeLimits:
    script_minutes: int
    recording_seconds: int


@dataclass(frozen=True)
class RepeatPrompt:
    """复述: what the examiner recording says; the contestant repeats it."""

    text: str
    rubric: Rubric
    audio: str = ""


@dataclass(frozen=True)
class ScenarioCard:
    id: str
    direction: Direction
    kind: Kind
    title: str
    company: Company
    customer: Customer
    situation: str
    task: str
    mandatory_elements: tuple[MandatoryElement, ...]
    recommended_phrases: tuple[Phrase, ...]
    forbidden_phrases: tuple[Phrase, ...]
    limits: TimeLimits
    rubric: Rubric
    repeat: RepeatPrompt | None = None
    source: str = ""

    def to_json(self) -> dict[str, Any]:
        return cast(dict[str, Any], _to_plain(self))

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "ScenarioCard":
        return cast(ScenarioCard, _from_plain(cls, data))

    def contestant_view(self) -> dict[str, Any]:
        """What a terminal may show: no keywords, phrase lists, rubric or 复述 text."""
        return {
            "id": self.id,
            "direction": self.direction.value,
            "direction_label": self.direction.label,
            "kind_label": self.kind.label,
            "title": self.title,
            "company": _to_plain(self.company),
            "customer": _to_plain(self.customer),
            "situation": self.situation,
            "task": self.task,
            "required_points": [element.name for element in self.mandatory_elements],
            "limits": _to_plain(self.limits),
            "has_repeat": self.repeat is not None,
            "repeat_audio": self.repeat.audio if self.repeat else "",
        }


def _to_plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {spec.name: _to_plain(getattr(value, spec.name)) for spec in fields(value)}
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, (tuple, list)):
        return [_to_plain(element) for element in value]
    return value


@lru_cache(maxsize=None)
def _type_hints(kind: type) -> dict[str, Any]:
    """Resolving string annotations is slow; every terminal page of a voice session needs
    them (its cards are rebuilt from the session's content)."""
    return get_type_hints(kind)


def _from_plain(kind: Any, data: Any) -> Any:
    """Rebuild a value of type ``kind`` from what ``_to_plain`` produced."""
    origin = get_origin(kind)
    if origin is tuple:
        element_type = get_args(kind)[0]
        return tuple(_from_plain(element_type, element) for element in data)
    if origin is not None:  # an Optional: X | None
        if data is None:
            return None
        inner = next(arg for arg in get_args(kind) if arg is not type(None))
        return _from_plain(inner, data)
    if isinstance(kind, type) and is_dataclass(kind):
        hints = _type_hints(kind)
        values = {spec.name: _from_plain(hints[spec.name], data[spec.name])
                  for spec in fields(kind) if spec.name in data}
        return cast(Any, kind)(**values)
    if kind is float:
        return float(data)
    return kind(data)
