"""The scorer agrees with a careful judge on every labelled answer in capture_pairs.yaml."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from scoring.capture import score_field
from scoring.capture_baseline import baseline_score_field
from scoring.capture_rules import CaptureRules

PAIRS_FILE = Path(__file__).parent / "data" / "capture_pairs.yaml"


def load_pairs() -> list[dict[str, Any]]:
    pairs = []
    for entry in yaml.safe_load(PAIRS_FILE.read_text(encoding="utf-8")):
        if isinstance(entry, list):
            field, key, typed, points, why = entry
            entry = {"field": field, "key": key, "typed": typed, "points": points, "why": why}
        pairs.append(entry)
    return pairs


def judge(pair: dict[str, Any], scorer: Any = score_field) -> Any:
    rules = CaptureRules.from_json(pair.get("rules", {}))
    return scorer("pair", pair["field"], str(pair["key"]), tuple(pair.get("alternatives", ())),
                  str(pair["typed"]), rules)


def disagreements(scorer: Any) -> list[str]:
    wrong = []
    for number, pair in enumerate(load_pairs(), start=1):
        result = judge(pair, scorer)
        flag = pair.get("flag")
        if result.points != pair["points"] or (flag and flag not in result.flags):
            wrong.append(f"#{number} {pair['field']} {pair['typed']!r}: judge {pair['points']} "
                         f"({pair['why']}), scorer {result.points} {result.flags} {result.reason}")
    return wrong


def test_pairs_file_is_large_and_covers_every_field() -> None:
    pairs = load_pairs()
    assert len(pairs) >= 300
    assert {pair["field"] for pair in pairs} == {"name", "address", "phone", "postcode", "email"}
    assert all(pair["why"] for pair in pairs)


def test_scorer_agrees_with_the_judge_on_every_pair() -> None:
    total = len(load_pairs())
    wrong = disagreements(score_field)
    print(f"capture scorer agreement {total - len(wrong)}/{total}")
    assert not wrong, "\n".join(wrong)


def test_difflib_baseline_agrees_with_the_judge_on_every_pair() -> None:
    total = len(load_pairs())
    wrong = disagreements(baseline_score_field)
    print(f"baseline agreement {total - len(wrong)}/{total}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("pair", load_pairs()[:1])
def test_every_result_detail_is_complete(pair: dict[str, Any]) -> None:
    detail = judge(pair).detail
    assert set(detail) == {"key", "typed", "typed_raw", "diff", "similarity", "matched",
                           "correct_chars"}
