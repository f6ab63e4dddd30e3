"""Judge assignment is balanced, deterministic and never repeats a judge on a recording."""
from __future__ import annotations

from collections import Counter
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.voice_assign import assign_judges, judge_loads, judge_order

RECORDINGS = [f"seat{seat:02d}.{part}" for seat in range(1, 31) for part in ("inbound", "outbound")]
JUDGES = ["J1", "J2", "J3", "J4", "J5", "J6", "J7"]


def test_every_recording_gets_three_distinct_judges() -> None:
    plan = assign_judges(RECORDINGS, JUDGES, per_recording=3, seed=2024)
    assert set(plan) == set(RECORDINGS)
    assert all(len(judges) == len(set(judges)) == 3 for judges in plan.values())


def test_load_is_balanced_within_one() -> None:
    loads = judge_loads(assign_judges(RECORDINGS, JUDGES, seed=7))
    assert sum(loads.values()) == 3 * len(RECORDINGS)
    assert max(loads.values()) - min(loads.values()) <= 1
    assert set(loads) == set(JUDGES)


def test_same_inputs_same_plan_whatever_the_input_order() -> None:
    first = assign_judges(RECORDINGS, JUDGES, seed="final-2024")
    again = assign_judges(list(reversed(RECORDINGS)), list(reversed(JUDGES)), seed="final-2024")
    assert first == again


def test_another_seed_gives_another_plan() -> None:
    assert assign_judges(RECORDINGS, JUDGES, seed=1) != assign_judges(RECORDINGS, JUDGES, seed=2)


def test_panels_are_mixed_rather_than_fixed_trios() -> None:
    panels = Counter(tuple(judges) for judges in assign_judges(RECORDINGS, JUDGES, seed=3).values())
    assert len(panels) > 7
    pairs = Counter(pair for judges in assign_judges(RECORDINGS, JUDGES, seed=3).values()
                    for pair in combinations(judges, 2))
    assert len(pairs) == 21  # every pair of the 7 judges marks some recording together


def test_refuses_impossible_or_ambiguous_requests() -> None:
    with pytest.raises(ValueError, match="只有 2 位评委"):
        assign_judges(RECORDINGS, ["J1", "J2"], per_recording=3)
    with pytest.raises(ValueError, match="评委编号有重复"):
        assign_judges(RECORDINGS, ["J1", "J1", "J2"])
    with pytest.raises(ValueError, match="录音编号有重复"):
        assign_judges(["a", "a"], JUDGES)


@settings(max_examples=60, deadline=None)
@given(recordings=st.integers(0, 40), judges=st.integers(1, 9), per=st.integers(1, 5),
       seed=st.integers(0, 10_000))
def test_property_balanced_and_distinct(recordings: int, judges: int, per: int, seed: int) -> None:
    per = min(per, judges)
    keys = [f"r{n}" for n in range(recordings)]
    ids = [f"J{n}" for n in range(judges)]
    plan = assign_judges(keys, ids, per_recording=per, seed=seed)
    assert all(len(set(chosen)) == per for chosen in plan.values())
    loads = [judge_loads(plan).get(judge, 0) for judge in ids]
    assert max(loads) - min(loads) <= 1


def test_judge_order_is_a_stable_permutation_different_per_judge() -> None:
    order = judge_order("J1", RECORDINGS, seed=5)
    assert sorted(order) == sorted(RECORDINGS)
    assert judge_order("J1", list(reversed(RECORDINGS)), seed=5) == order
    assert judge_order("J2", RECORDINGS, seed=5) != order
    assert judge_order("J1", RECORDINGS, seed=6) != order


def test_judge_order_keeps_relative_order_when_a_recording_is_added() -> None:
    before = judge_order("J3", RECORDINGS[:-1], seed=9)
    after = judge_order("J3", RECORDINGS, seed=9)
    assert [key for key in after if key != RECORDINGS[-1]] == before


def test_judges_do_not_all_start_with_the_same_seat() -> None:
    firsts = {judge_order(judge, RECORDINGS, seed=11)[0] for judge in JUDGES}
    assert len(firsts) > 1
