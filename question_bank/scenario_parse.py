"""Turning the YAML of rubrics, shared phrases and cards into the frozen dataclasses.

Structural problems (missing or mistyped fields, unknown names) are collected in a list of
Chinese messages; value rules (sums, band ranges, lengths) live in ``scenario_checks``.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Mapping

from question_bank.scenario_fields import Fields
from question_bank.scenario_model import (
    Band, Company, Customer, Direction, Kind, MandatoryElement, Phrase, RepeatPrompt, Rubric,
    RubricItem, ScenarioCard, TimeLimits,
)

#: The rubric a 复述 recording is judged with unless the card names another.
DEFAULT_REPEAT_RUBRIC = "repeat_standard"

_CARD_FIELDS = (
    "id", "direction", "kind", "title", "company", "customer", "situation", "task",
    "mandatory_elements", "recommended_phrases", "forbidden_phrases", "limits", "repeat",
    "rubric", "use_common_phrases",
)
_OVERRIDE_FIELDS = ("label", "max_points", "bands", "guidance")


@dataclass(frozen=True)
class PhraseLibrary:
    """Phrases every card shares: recommended ones per direction, 禁语 for all."""

    recommended: Mapping[str, tuple[Phrase, ...]]
    forbidden: tuple[Phrase, ...]

    def recommended_for(self, direction: Direction) -> tuple[Phrase, ...]:
        return (*self.recommended.get(direction.value, ()), *self.recommended.get("common", ()))


EMPTY_LIBRARY = PhraseLibrary({}, ())


def parse_rubrics(data: Any, problems: list[str]) -> dict[str, Rubric]:
    top = Fields(data, "", problems)
    top.reject_unknown(("rubrics",))
    table = top.child("rubrics")
    if table is None:
        return {}
    return {str(name): parse_rubric(str(name), Fields(body, f"rubrics.{name}", problems))
            for name, body in table.data.items()}


def parse_rubric(name: str, fields: Fields) -> Rubric:
    fields.reject_unknown(("title", "total", "items"))
    items = tuple(parse_rubric_item(fields.item("items", position, entry))
                  for position, entry in enumerate(fields.entries("items")))
    return Rubric(name, fields.text("title"), fields.number("total"), items)


def parse_rubric_item(fields: Fields) -> RubricItem:
    fields.reject_unknown(("id", "label", "max_points", "bands", "guidance", "mandatory_elements"))
    return RubricItem(
        id=fields.text("id"),
        label=fields.text("label"),
        max_points=fields.number("max_points"),
        bands=parse_bands(fields),
        guidance=fields.text("guidance", required=False),
        mandatory_elements=fields.flag("mandatory_elements"),
    )


def parse_bands(fields: Fields) -> tuple[Band, ...]:
    bands: list[Band] = []
    for position, entry in enumerate(fields.entries("bands")):
        band = fields.item("bands", position, entry)
        band.reject_unknown(("level", "points", "text"))
        low, high = _point_range(band)
        bands.append(Band(band.text("level"), low, high, band.text("text")))
    return tuple(bands)


def _point_range(band: Fields) -> tuple[float, float]:
    points = band.entries("points")
    numeric = [value for value in points
               if isinstance(value, (int, float)) and not isinstance(value, bool)]
    if len(points) != 2 or len(numeric) != 2:
        if points:
            band.note("points", "应为两个数字 [最低分, 最高分]")
        return 0.0, 0.0
    return float(numeric[0]), float(numeric[1])


def parse_phrase_library(data: Any, problems: list[str]) -> PhraseLibrary:
    top = Fields(data, "", problems)
    top.reject_unknown(("recommended", "forbidden"))
    recommended: dict[str, tuple[Phrase, ...]] = {}
    groups = top.child("recommended")
    if groups is not None:
        groups.reject_unknown(("common", *(direction.value for direction in Direction)))
        recommended = {str(group): parse_phrases(groups, str(group)) for group in groups.data}
    return PhraseLibrary(recommended, parse_phrases(top, "forbidden"))


def parse_phrases(fields: Fields, key: str, required: bool = True) -> tuple[Phrase, ...]:
    phrases: list[Phrase] = []
    for position, entry in enumerate(fields.entries(key, required)):
        if isinstance(entry, str) and entry.strip():
            phrases.append(Phrase(entry.strip()))
            continue
        phrase = fields.item(key, position, entry)
        phrase.reject_unknown(("text", "variants", "note"))
        phrases.append(Phrase(phrase.text("text"), phrase.words("variants", required=False),
                              phrase.text("note", required=False)))
    return tuple(phrases)


def merge_phrases(*groups: tuple[Phrase, ...]) -> tuple[Phrase, ...]:
    """Concatenate, keeping the first phrase of each text (card-specific ones come first)."""
    seen: dict[str, Phrase] = {}
    for group in groups:
        for phrase in group:
            seen.setdefault(phrase.text, phrase)
    return tuple(seen.values())


def parse_card(data: Any, where: str, rubrics: Mapping[str, Rubric], library: PhraseLibrary,
               problems: list[str]) -> ScenarioCard | None:
    """The card in ``data``, or None when any structural problem was noted."""
    fields = Fields(data, "", problems)
    fields.reject_unknown(_CARD_FIELDS)
    count_before = len(problems)
    direction = fields.choice("direction", Direction)
    kind = fields.choice("kind", Kind)
    # Placeholders let the other fields report their problems too; such a card is discarded.
    card = ScenarioCard(
        direction=direction or Direction.INBOUND, kind=kind or Kind.SERVICE, source=where,
        id=fields.text("id"), title=fields.text("title"),
        company=_company(fields.child("company")), customer=_customer(fields.child("customer")),
        situation=fields.text("situation"), task=fields.text("task"),
        mandatory_elements=_elements(fields), limits=_limits(fields.child("limits")),
        rubric=_card_rubric(fields, rubrics),
        repeat=_repeat(fields.child("repeat", required=False), rubrics),
        recommended_phrases=parse_phrases(fields, "recommended_phrases", required=False),
        forbidden_phrases=parse_phrases(fields, "forbidden_phrases", required=False),
    )
    use_common = fields.flag("use_common_phrases") if fields.has("use_common_phrases") else True
    if len(problems) > count_before:
        return None
    if not use_common:
        return card
    return replace(
        card,
        recommended_phrases=merge_phrases(card.recommended_phrases,
                                          library.recommended_for(card.direction)),
        forbidden_phrases=merge_phrases(card.forbidden_phrases, library.forbidden),
    )


def _company(fields: Fields | None) -> Company:
    if fields is None:
        return Company("", "")
    fields.reject_unknown(("name", "background", "product"))
    return Company(fields.text("name"), fields.text("background"),
                   fields.text("product", required=False))


def _customer(fields: Fields | None) -> Customer:
    if fields is None:
        return Customer("", "")
    fields.reject_unknown(("name", "profile"))
    return Customer(fields.text("name"), fields.text("profile"))


def _limits(fields: Fields | None) -> TimeLimits:
    if fields is None:
        return TimeLimits(0, 0)
    fields.reject_unknown(("script_minutes", "recording_seconds"))
    return TimeLimits(fields.whole("script_minutes"), fields.whole("recording_seconds"))


def _elements(fields: Fields) -> tuple[MandatoryElement, ...]:
    elements: list[MandatoryElement] = []
    for position, entry in enumerate(fields.entries("mandatory_elements", required=False)):
        element = fields.item("mandatory_elements", position, entry)
        element.reject_unknown(("id", "name", "keywords", "note"))
        elements.append(MandatoryElement(element.text("id"), element.text("name"),
                                         element.words("keywords"),
                                         element.text("note", required=False)))
    return tuple(elements)


def _repeat(fields: Fields | None, rubrics: Mapping[str, Rubric]) -> RepeatPrompt | None:
    if fields is None:
        return None
    fields.reject_unknown(("text", "audio", "rubric"))
    name = fields.text("rubric", required=False) or DEFAULT_REPEAT_RUBRIC
    rubric = _known_rubric(fields, "rubric", name, rubrics)
    return RepeatPrompt(fields.text("text"), rubric, fields.text("audio", required=False))


def _card_rubric(fields: Fields, rubrics: Mapping[str, Rubric]) -> Rubric:
    if isinstance(fields.data.get("rubric"), str):
        return _known_rubric(fields, "rubric", fields.text("rubric"), rubrics)
    reference = fields.child("rubric")
    if reference is None:
        return Rubric("", "", 0.0, ())
    reference.reject_unknown(("name", "total", "overrides"))
    rubric = _known_rubric(reference, "name", reference.text("name"), rubrics)
    if reference.has("total"):
        rubric = replace(rubric, total=reference.number("total"))
    overrides = reference.child("overrides", required=False)
    return rubric if overrides is None else apply_overrides(rubric, overrides)


def _known_rubric(fields: Fields, key: str, name: str, rubrics: Mapping[str, Rubric]) -> Rubric:
    if name and name not in rubrics:
        known = "、".join(sorted(rubrics)) or "（无）"
        fields.note(key, f"引用了未定义的评分表「{name}」，已定义的有：{known}")
    return rubrics.get(name, Rubric(name, "", 0.0, ()))


def apply_overrides(rubric: Rubric, overrides: Fields) -> Rubric:
    """The rubric with per-item label, points, bands or guidance replaced by the card's."""
    unknown = sorted(set(map(str, overrides.data)) - set(rubric.item_ids))
    if unknown and rubric.items:
        overrides.note("", f"覆盖了评分表中不存在的评分项：{'、'.join(unknown)}")
    items = []
    for item in rubric.items:
        change = overrides.child(item.id, required=False)
        items.append(item if change is None else _override_item(item, change))
    return replace(rubric, items=tuple(items))


def _override_item(item: RubricItem, change: Fields) -> RubricItem:
    change.reject_unknown(_OVERRIDE_FIELDS)
    return replace(
        item,
        label=change.text("label") if change.has("label") else item.label,
        max_points=change.number("max_points") if change.has("max_points") else item.max_points,
        bands=parse_bands(change) if change.has("bands") else item.bands,
        guidance=change.text("guidance") if change.has("guidance") else item.guidance,
    )
