"""听打录入 scoring: one ``ItemResult`` per typed field.

Inputs are plain values: the key as strings (``Mapping[str, str]`` with the five
``CaptureField`` values plus an optional ``"alternatives"`` mapping of field → list of
accepted alternative forms), the contestant's answers as ``Mapping[str, str]``, and
``CaptureRules``.

``ItemResult.detail`` (JSON-ready):

* ``key``: the normalised key form the answer was judged against (main key or alternative;
  for addresses the variant without the 省/市 the answer left out);
* ``typed``: the normalised answer as compared; ``typed_raw``: what was typed (cut to
  ``max_typed_chars``);
* ``diff``: ``scoring.chardiff.char_diff(key, typed)``, see that module for the format;
* ``similarity``: Levenshtein normalised similarity of ``key`` and ``typed`` (0..1);
* ``matched``: ``"key"`` or ``"alternative"``; ``correct_chars``: see
  ``correct_chars_per_minute``.

Flags: ``empty``, ``homophone``, ``traditional``, ``transposed``, ``extension``, ``partial``,
``alternative``, ``truncated``. No negative marks: points are never below 0.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable, Iterable, Mapping, Sequence

from rapidfuzz.distance import Levenshtein

from scoring.capture_fields import COMPARATORS, EXACT_RULES, Comparison
from scoring.capture_hints import readings, to_simplified
from scoring.capture_normalize import admin_prefix, admin_variants, normalize_address
from scoring.capture_normalize import normalize_email
from scoring.capture_normalize import normalize_name, normalize_phone, normalize_postcode
from scoring.capture_rules import DEFAULT_RULES, FIELD_LABELS, CaptureField, CaptureRules
from scoring.chardiff import char_diff, equal_chars
from scoring.types import ItemResult

NORMALIZERS: dict[CaptureField, Callable[[str], str]] = {
    CaptureField.NAME: normalize_name,
    CaptureField.ADDRESS: normalize_address,
    CaptureField.PHONE: normalize_phone,
    CaptureField.POSTCODE: normalize_postcode,
    CaptureField.EMAIL: normalize_email,
}
_FIELDS: dict[str, CaptureField] = {field.value: field for field in CaptureField}
# Enum attribute access is slow enough to matter at 50,000 fields: look names up once.
_FIELD_ORDER: tuple[tuple[CaptureField, str], ...] = tuple((f, f.value) for f in CaptureField)
_POINTS_ATTR: dict[str, str] = {field.value: f"{field.value}_points" for field in CaptureField}
# Raw answers are cut before normalising so that a pasted megabyte never reaches the caches;
# spaces and punctuation removed by normalising leave room for this margin.
_RAW_MARGIN = 4


def score_field(
    item_key: str,
    field: CaptureField | str,
    key_value: str,
    alternatives: Sequence[str],
    typed: str | None,
    rules: CaptureRules = DEFAULT_RULES,
    group: str = "",
) -> ItemResult:
    """Score one typed field against its key and accepted alternatives (the best match wins;
    on a tie the main key wins).

    Results are memoised: most contestants type the same strings for the same key, so equal
    arguments return the same frozen ``ItemResult`` (callers must not mutate its ``detail``;
    ``to_json`` copies it). Answers longer than ``_MEMO_MAX_CHARS`` are never kept.
    """
    alternatives = alternatives if isinstance(alternatives, tuple) else tuple(alternatives)
    if typed is not None and len(typed) > _MEMO_MAX_CHARS:
        return _score_field(item_key, field, key_value, alternatives, typed, rules, group)
    return _memo_score_field(item_key, field, key_value, alternatives, typed, rules, group)


def _score_field(
    item_key: str,
    field: CaptureField | str,
    key_value: str,
    alternatives: tuple[str, ...],
    typed: str | None,
    rules: CaptureRules,
    group: str,
) -> ItemResult:
    field = _FIELDS.get(field) or CaptureField(field)
    limit = rules.max_typed_chars
    raw = typed or ""
    cut = len(raw) > limit * _RAW_MARGIN
    typed_form = NORMALIZERS[field](raw[: limit * _RAW_MARGIN] if cut else raw)
    if len(typed_form) > limit:
        typed_form, cut = typed_form[:limit], True
    flags = ("truncated",) if cut else ()
    base = {"key": item_key, "label": FIELD_LABELS[field], "group": group,
            "max_points": float(getattr(rules, _POINTS_ATTR[field]))}
    candidates = key_candidates(field, key_value or "", alternatives,
                                rules.address_optional_admin_suffix)
    if not typed_form:
        return _empty_result(base, candidates[0][1], raw[:limit])
    for index, variant in candidates:
        if variant == typed_form:
            return _exact_result(base, field, index, variant, raw[:limit], flags)
    index, variant, best = _best_comparison(field, candidates, typed_form, rules)
    return _result(base, best, variant, index, raw[:limit], flags)


# Entries hold an answer and its verdict (about 2 KB): 8,192 of them bound the memory.
_memo_score_field = lru_cache(maxsize=1 << 13)(_score_field)
_MEMO_MAX_CHARS = 200


@lru_cache(maxsize=1 << 14)
def key_candidates(
    field: CaptureField, key_value: str, alternatives: tuple[str, ...], optional_suffix: bool
) -> tuple[tuple[int, str], ...]:
    """(index, normalised form) of every accepted form: 0 is the key, 1.. the alternatives;
    for addresses each form also without the 省/市 an answer may leave out."""
    normalize = NORMALIZERS[field]
    forms = [normalize(key_value)] + [normalize(alternative) for alternative in alternatives]
    with_suffix_rule = field is CaptureField.ADDRESS and optional_suffix
    return tuple(
        (index, variant)
        for index, form in enumerate(forms)
        for variant in (admin_variants(form) if with_suffix_rule else (form,))
    )


def _best_comparison(
    field: CaptureField, candidates: tuple[tuple[int, str], ...], typed_form: str,
    rules: CaptureRules,
) -> tuple[int, str, Comparison]:
    """(index of the key form, the variant of it compared, comparison) of the best match.

    Of the 省/市 variants of one form only the closest is explained, so hints and reasons are
    worked out once per accepted form."""
    compare = COMPARATORS[field]
    best: tuple[int, str, Comparison] | None = None
    for index, variant in _closest_variants(candidates, typed_form):
        candidate = compare(variant, typed_form, rules)
        if best is None or (candidate.fraction, candidate.similarity) > (
            best[2].fraction, best[2].similarity,
        ):
            best = (index, variant, candidate)
    assert best is not None
    return best


def _closest_variants(
    candidates: tuple[tuple[int, str], ...], typed_form: str
) -> list[tuple[int, str]]:
    closest: dict[int, tuple[float, str]] = {}
    for index, variant in candidates:
        score = Levenshtein.normalized_similarity(variant, typed_form)
        if index not in closest or score > closest[index][0]:
            closest[index] = (score, variant)
    return [(index, variant) for index, (_, variant) in closest.items()]


def _exact_result(
    base: dict[str, Any], field: CaptureField, index: int, form: str, raw: str,
    flags: tuple[str, ...],
) -> ItemResult:
    reason = f"按备选写法“{form}”评判：正确" if index else "正确"
    detail = {"key": form, "typed": form, "typed_raw": raw, "diff": [["equal", form]],
              "similarity": 1.0, "matched": "alternative" if index else "key",
              "correct_chars": len(form)}
    flags = flags + ("alternative",) if index else flags
    return ItemResult(points=base["max_points"], rule=EXACT_RULES[field],
                      reason=reason, flags=flags, detail=detail, **base)


def _result(
    base: dict[str, Any], comparison: Comparison, key_form: str, key_index: int,
    raw: str, flags: tuple[str, ...],
) -> ItemResult:
    points = base["max_points"] * comparison.fraction
    diff = char_diff(key_form, comparison.typed_form)
    flags = comparison.flags + flags
    reason = comparison.reason
    if key_index:
        flags += ("alternative",)
        reason = f"按备选写法“{key_form}”评判：{reason}"
    detail = {
        "key": key_form,
        "typed": comparison.typed_form,
        "typed_raw": raw,
        "diff": diff,
        "similarity": round(comparison.similarity, 4),
        "matched": "alternative" if key_index else "key",
        "correct_chars": equal_chars(diff) if points > 0 else 0,
    }
    return ItemResult(points=points, rule=comparison.rule, reason=reason, flags=flags,
                      detail=detail, **base)


def _empty_result(base: dict[str, Any], key_form: str, raw: str) -> ItemResult:
    detail = {"key": key_form, "typed": "", "typed_raw": raw, "diff": char_diff(key_form, ""),
              "similarity": 0.0, "matched": "key", "correct_chars": 0}
    return ItemResult(points=0.0, rule="capture.empty", reason="未作答，不得分。",
                      flags=("empty",), detail=detail, **base)


def score_call(
    call_id: str,
    key: Mapping[str, Any],
    typed: Mapping[str, str | None],
    rules: CaptureRules = DEFAULT_RULES,
) -> list[ItemResult]:
    """All five fields of one call, in ``CaptureField`` order, keyed ``<call_id>.<field>`` and
    grouped by ``call_id``. A field missing from ``typed`` counts as empty."""
    alternatives: Mapping[str, Sequence[str]] = key.get("alternatives") or {}
    return [
        score_field(
            f"{call_id}.{name}", field, str(key.get(name, "")), tuple(alternatives.get(name, ())),
            typed.get(name), rules, group=call_id,
        )
        for field, name in _FIELD_ORDER
    ]


def correct_chars_per_minute(results: Iterable[ItemResult], minutes: float) -> float:
    """Typing speed for tie-breaks: correct characters per minute.

    Correct characters of a field = characters of the normalised answer that line up with the
    normalised key in the diff (``equal`` parts), counted only for fields that earned points:
    a fully correct field counts all its characters, a partially credited address the matching
    ones, a wrong or empty field none. Spaces and punctuation removed by normalising never
    count. Results without ``correct_chars`` (other modules) add nothing; ``minutes`` <= 0
    gives 0.0.
    """
    if minutes <= 0:
        return 0.0
    total = sum(int(result.detail.get("correct_chars", 0)) for result in results)
    return total / minutes


def clear_caches() -> None:
    """Forget every memoised normal form, hint and verdict: a benchmark's cold start."""
    for cached in (_memo_score_field, key_candidates, admin_prefix, admin_variants, readings,
                   to_simplified, *NORMALIZERS.values()):
        cached.cache_clear()  # type: ignore[attr-defined]
