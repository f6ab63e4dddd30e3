"""Item statistics against a small example computed by hand.

Four attempts, items q1, q2 (max 1), q3 (max 2) and q4 (max 1, everyone right):

    attempt  q1 q2 q3 q4  total
    P1        1  1  2  1    5
    P2        1  1  1  1    4
    P3        1  0  1  1    3
    P4        0  1  0  1    2

q1: scores 1,1,1,0 (mean .75 → facility 75 %; sample SD .5 → 50 %); rest 4,3,2,2.
    Deviations .25,.25,.25,−.75 and 1.25,.25,−.75,−.75: Σxy = .75, Σx² = .75, Σy² = 2.75,
    r = .75 / √(.75 · 2.75) = .52223 → 52.22 %.
q2: scores 1,1,0,1; rest 4,3,3,1. Σxy = −.25, Σx² = .75, Σy² = 4.75,
    r = −.25 / √(.75 · 4.75) = −.13245 → −13.25 % (negative: review).
q3: scores 2,1,1,0 (mean 1 of 2 → 50 %; sample SD √(2/3) = .8165 of 2 → 40.82 %); rest 3,3,2,2.
    Σxy = 1, Σx² = 2, Σy² = 1, r = 1 / √2 → 70.71 %.
q4: facility 100 % (> 95 %: review); zero variance, so no discrimination.
"""
from __future__ import annotations

import json

import pytest

from scoring.item_stats import REVIEW_LABEL, item_statistics

ATTEMPTS = [
    {"q1": 1, "q2": 1, "q3": 2, "q4": 1},
    {"q1": 1, "q2": 1, "q3": 1, "q4": 1},
    {"q1": 1, "q2": 0, "q3": 1, "q4": 1},
    {"q1": 0, "q2": 1, "q3": 0, "q4": 1},
]
MAX_POINTS = {"q1": 1.0, "q2": 1.0, "q3": 2.0, "q4": 1.0}


def test_figures_match_the_hand_computed_example() -> None:
    stats = item_statistics(ATTEMPTS, MAX_POINTS)
    assert [stat.key for stat in stats] == ["q1", "q2", "q3", "q4"]
    q1, q2, q3, q4 = stats
    assert (q1.n, q1.mean, q1.facility_percent, q1.sd_percent) == (4, 0.75, 75.0, 50.0)
    assert q1.discrimination_percent == pytest.approx(52.2233, abs=1e-4)
    assert q2.discrimination_percent == pytest.approx(-13.2453, abs=1e-4)
    assert q3.facility_percent == 50.0
    assert q3.sd_percent == pytest.approx(40.8248, abs=1e-4)
    assert q3.discrimination_percent == pytest.approx(70.7107, abs=1e-4)
    assert q4.facility_percent == 100.0 and q4.sd_percent == 0.0


def test_zero_variance_gives_none_with_a_reason() -> None:
    q4 = item_statistics(ATTEMPTS, MAX_POINTS)[3]
    assert q4.discrimination_percent is None
    assert q4.notes == ("所有考生此题得分相同，无法计算区分度",)


def test_constant_rest_of_test_gives_none_with_a_reason() -> None:
    attempts = [{"a": 1, "b": 1}, {"a": 0, "b": 1}]
    [a, _] = item_statistics(attempts, {"a": 1.0, "b": 1.0})
    assert a.discrimination_percent is None
    assert a.notes == ("所有考生其余题目的总分相同，无法计算区分度",)


def test_items_to_review_are_flagged_with_reasons() -> None:
    q1, q2, q3, q4 = item_statistics(ATTEMPTS, MAX_POINTS)
    assert not q1.needs_review and not q3.needs_review and q1.verdict == ""
    assert q2.verdict == REVIEW_LABEL and "区分度为负" in q2.review_reasons[0]
    assert q4.verdict == REVIEW_LABEL and "高于 95%" in q4.review_reasons[0]


def test_hard_items_are_flagged() -> None:
    attempts = [{"hard": 0, "easy": 1}] * 9 + [{"hard": 1, "easy": 1}]
    hard = item_statistics(attempts, {"hard": 1.0, "easy": 1.0})[0]
    assert hard.facility_percent == 10.0
    assert "低于 20%" in hard.review_reasons[0]


def test_attempts_without_an_item_are_left_out_of_its_figures() -> None:
    attempts = [{"a": 1, "b": 1}, {"a": 0, "b": 1}, {"b": 0}]
    a, b = item_statistics(attempts, {"a": 1.0, "b": 1.0})
    assert (a.n, a.facility_percent) == (2, 50.0)
    assert (b.n, b.facility_percent) == (3, pytest.approx(200 / 3))


def test_too_few_attempts_and_no_attempts() -> None:
    [single] = item_statistics([{"a": 1}], {"a": 1.0})
    assert single.n == 1 and single.sd_percent is None and single.discrimination_percent is None
    assert "少于 2 人" in single.notes[0]
    [nobody] = item_statistics([], {"a": 1.0})
    assert nobody.n == 0 and nobody.mean is None and nobody.facility_percent is None
    assert not nobody.needs_review


def test_statistics_serialise_to_json() -> None:
    data = json.loads(json.dumps([s.to_json() for s in item_statistics(ATTEMPTS, MAX_POINTS)]))
    assert data[1]["verdict"] == REVIEW_LABEL and data[0]["n"] == 4
