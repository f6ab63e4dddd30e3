"""Script pre-check: where a contestant's written 话术 mentions the card's mandatory elements,
recommended service phrases and 禁语. These are HINTS FOR JUDGES, NEVER A SCORE: a keyword
can appear in a sentence that says the opposite, and a correct sentence can avoid every
keyword. Judges mark the recording with the rubric; this only shows them where to look.

Matching folds width and case (NFKC) and ignores punctuation, white space, control and
format characters (zero-width spaces included) on both sides, so "15 元" matches "15元" and
"您好！" matches "您 好". Positions are Python string indices into the text as submitted;
``highlight_segments`` cuts the text into plain pieces a template can escape and wrap, so no
contestant text ever needs to be marked safe HTML.
"""
from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass
from typing import Any, Iterable

from question_bank.scenario_model import Phrase, ScenarioCard

#: Longer scripts are analysed up to here; a real script is a few hundred characters.
MAX_SCRIPT_CHARS = 20_000
HINTS_NOTICE = "以下为话术文本的自动预检提示，仅供评委参考，不作为评分依据。"
_IGNORED_CATEGORIES = ("P", "Z", "C")
_KEPT_CONTROLS = "\n\t"


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    form: str


@dataclass(frozen=True)
class Hint:
    """Where one mandatory element (key = its id) or phrase (key = its text) was found."""

    key: str
    label: str
    spans: tuple[Span, ...]
    note: str = ""

    @property
    def found(self) -> bool:
        return bool(self.spans)


@dataclass(frozen=True)
class ScriptHints:
    """What a judge may want to look at in a script; not a score."""

    char_count: int
    truncated: bool
    elements: tuple[Hint, ...]
    recommended: tuple[Hint, ...]
    forbidden: tuple[Hint, ...]
    notice: str = HINTS_NOTICE

    @property
    def elements_not_found(self) -> tuple[Hint, ...]:
        return tuple(hint for hint in self.elements if not hint.found)

    @property
    def forbidden_found(self) -> tuple[Hint, ...]:
        return tuple(hint for hint in self.forbidden if hint.found)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for group in ("elements", "recommended", "forbidden"):
            for entry, hint in zip(data[group], getattr(self, group)):
                entry["found"] = hint.found
        return data


@dataclass(frozen=True)
class Segment:
    text: str
    #: "plain", "element", "recommended" or "forbidden"
    kind: str
    label: str = ""


class _Folded:
    """The text folded for matching, remembering where each folded character came from."""

    def __init__(self, text: str) -> None:
        chars: list[str] = []
        self.origin: list[int] = []
        for index, char in enumerate(text):
            for folded in fold(char):
                chars.append(folded)
                self.origin.append(index)
        self.text = "".join(chars)

    def find_all(self, form: str) -> list[Span]:
        needle = fold(form)
        spans: list[Span] = []
        start = self.text.find(needle) if needle else -1
        while start >= 0:
            end = start + len(needle)
            spans.append(Span(self.origin[start], self.origin[end - 1] + 1, form))
            start = self.text.find(needle, end)
        return spans


def fold(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).lower()
    return "".join(char for char in folded
                   if unicodedata.category(char)[0] not in _IGNORED_CATEGORIES)


def check_script(text: str, card: ScenarioCard) -> ScriptHints:
    """Hints for judges about ``text`` (the contestant's script) against ``card``."""
    analysed = text[:MAX_SCRIPT_CHARS]
    folded = _Folded(analysed)
    elements = tuple(Hint(element.id, element.name, _spans(folded, element.keywords))
                     for element in card.mandatory_elements)
    return ScriptHints(
        char_count=count_characters(analysed),
        truncated=len(text) > MAX_SCRIPT_CHARS,
        elements=elements,
        recommended=_phrase_hints(folded, card.recommended_phrases),
        forbidden=_phrase_hints(folded, card.forbidden_phrases),
    )


def count_characters(text: str) -> int:
    """Characters as Word's 字数 counts them: everything but white space and control codes."""
    return sum(1 for char in text
               if not char.isspace() and unicodedata.category(char)[0] != "C")


def _phrase_hints(folded: _Folded, phrases: Iterable[Phrase]) -> tuple[Hint, ...]:
    return tuple(Hint(phrase.text, phrase.text, _spans(folded, phrase.forms), phrase.note)
                 for phrase in phrases)


def _spans(folded: _Folded, forms: Iterable[str]) -> tuple[Span, ...]:
    """All matches of any form; a match inside a longer one of the same list is dropped."""
    found = sorted((span for form in forms for span in folded.find_all(form)),
                   key=lambda span: (span.start, -span.end))
    kept: list[Span] = []
    for span in found:
        if not kept or span.end > kept[-1].end:
            kept.append(span)
    return tuple(kept)


_PRIORITY = {"plain": 0, "recommended": 1, "element": 2, "forbidden": 3}


def highlight_segments(text: str, hints: ScriptHints) -> list[Segment]:
    """``text`` cut into consecutive segments by hint kind; 禁语 win over elements over phrases.

    Control characters other than newline and tab are removed from the segment texts.
    """
    analysed = text[:MAX_SCRIPT_CHARS]
    marks: list[tuple[str, str]] = [("plain", "")] * len(analysed)
    for kind, label, span in _labelled_spans(hints):
        for index in range(span.start, min(span.end, len(analysed))):
            if _PRIORITY[kind] > _PRIORITY[marks[index][0]]:
                marks[index] = (kind, label)
    segments: list[Segment] = []
    start = 0
    for index in range(1, len(analysed) + 1):
        if index == len(analysed) or marks[index] != marks[start]:
            segments.append(Segment(_displayable(analysed[start:index]), *marks[start]))
            start = index
    if len(text) > MAX_SCRIPT_CHARS:
        segments.append(Segment(_displayable(text[MAX_SCRIPT_CHARS:]), "plain"))
    return [segment for segment in segments if segment.text]


def _labelled_spans(hints: ScriptHints) -> Iterable[tuple[str, str, Span]]:
    groups = (("element", hints.elements), ("recommended", hints.recommended),
              ("forbidden", hints.forbidden))
    for kind, group in groups:
        for hint in group:
            yield from ((kind, hint.label, span) for span in hint.spans)


def _displayable(text: str) -> str:
    return "".join(char for char in text
                   if char in _KEPT_CONTROLS or unicodedata.category(char)[0] != "C")
