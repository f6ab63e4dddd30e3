"""A plain reference implementation of the capture rules, used only as the benchmark's
comparison and as a second opinion in tests.

It applies the same published rules as ``scoring.capture`` the straightforward way: no caches,
the standard library's ``difflib`` for the character diff, a textbook dynamic-programming
Levenshtein distance for the address threshold, every candidate compared in full.
"""
from __future__ import annotations

import difflib
from typing import Any, Sequence

from scoring import capture_normalize as norm
from scoring.capture_hints import has_traditional, homophone_pairs, is_transposition
from scoring.capture_hints import to_simplified
from scoring.capture_rules import DEFAULT_RULES, CaptureField, CaptureRules
from scoring.types import ItemResult

_NORMALIZERS = {
    CaptureField.NAME: norm.normalize_name.__wrapped__,
    CaptureField.ADDRESS: norm.normalize_address.__wrapped__,
    CaptureField.PHONE: norm.normalize_phone.__wrapped__,
    CaptureField.POSTCODE: norm.normalize_postcode.__wrapped__,
    CaptureField.EMAIL: norm.normalize_email.__wrapped__,
}


def levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1]


def similarity(a: str, b: str) -> float:
    longest = max(len(a), len(b))
    return 1.0 - levenshtein(a, b) / longest if longest else 1.0


def difflib_diff(key: str, typed: str) -> list[list[str]]:
    matcher = difflib.SequenceMatcher(None, key, typed, autojunk=False)
    diff = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "replace":
            diff.append(["replace", typed[j1:j2], key[i1:i2]])
        else:
            diff.append([tag, key[i1:i2] if tag != "insert" else typed[j1:j2]])
    return diff


def _variants(field: CaptureField, form: str, rules: CaptureRules) -> list[str]:
    if field is CaptureField.ADDRESS and rules.address_optional_admin_suffix:
        return list(norm.admin_variants.__wrapped__(form))
    return [form]


def _fraction(
    field: CaptureField, key: str, typed: str, rules: CaptureRules
) -> tuple[float, float]:
    if rules.accept_traditional and field in (CaptureField.NAME, CaptureField.ADDRESS):
        typed = to_simplified(typed)
    score = similarity(key, typed)
    if typed == key:
        return 1.0, score
    if field is CaptureField.ADDRESS and rules.address_partial_credit:
        if score >= rules.address_partial_threshold:
            return rules.address_partial_fraction, score
    return 0.0, score


def _flags(field: CaptureField, key: str, typed: str, fraction: float) -> tuple[str, ...]:
    if fraction == 1.0:
        return ()
    flags: list[str] = []
    if has_traditional(typed):
        flags.append("traditional")
    elif homophone_pairs(key, typed):
        flags.append("homophone")
    if is_transposition(key, typed):
        flags.append("transposed")
    if field is CaptureField.PHONE and norm.split_extension(typed)[0] in (
        norm.split_extension(key)[0], key.replace("-", "")
    ):
        flags.append("extension")
    if 0 < fraction < 1:
        flags.append("partial")
    return tuple(flags)


def baseline_score_field(
    item_key: str, field: CaptureField | str, key_value: str, alternatives: Sequence[str],
    typed: str | None, rules: CaptureRules = DEFAULT_RULES,
) -> ItemResult:
    field = CaptureField(field)
    normalize = _NORMALIZERS[field]
    typed_form = normalize((typed or "")[: rules.max_typed_chars * 4])[: rules.max_typed_chars]
    points = rules.points_for(field)
    forms = [normalize(key_value)] + [normalize(alt) for alt in alternatives]
    candidates = [(index, variant) for index, form in enumerate(forms)
                  for variant in _variants(field, form, rules)]
    if not typed_form:
        return ItemResult(item_key, field.label, 0.0, points, "capture.empty", "未作答",
                          ("empty",), {"diff": difflib_diff(forms[0], "")})
    scored = [(_fraction(field, key, typed_form, rules), position, index, key)
              for position, (index, key) in enumerate(candidates)]
    (fraction, score), _, index, key = max(scored, key=lambda item: (item[0], -item[1]))
    flags = _flags(field, key, typed_form, fraction) + (("alternative",) if index else ())
    detail: dict[str, Any] = {"key": key, "typed": typed_form, "similarity": score,
                              "diff": difflib_diff(key, typed_form)}
    return ItemResult(item_key, field.label, points * fraction, points, "capture.baseline", "",
                      flags, detail)


def baseline_score_call(
    call_id: str, key: dict[str, Any], typed: dict[str, str], rules: CaptureRules = DEFAULT_RULES
) -> list[ItemResult]:
    alternatives = key.get("alternatives") or {}
    return [
        baseline_score_field(f"{call_id}.{field.value}", field, key[field.value],
                             alternatives.get(field.value, ()), typed.get(field.value), rules)
        for field in CaptureField
    ]
