"""The character diff judges see."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from scoring.chardiff import char_diff, equal_chars, key_text, typed_text


def test_equal_strings_give_one_equal_entry() -> None:
    assert char_diff("张明亮", "张明亮") == [["equal", "张明亮"]]
    assert char_diff("", "") == []


def test_wrong_character_is_a_replace_with_typed_then_key_text() -> None:
    assert char_diff("张明亮", "章明亮") == [["replace", "章", "张"], ["equal", "明亮"]]


def test_missing_and_extra_characters() -> None:
    assert char_diff("浙江省杭州", "浙江杭州") == [["equal", "浙江"], ["delete", "省"], ["equal", "杭州"]]
    assert char_diff("103室", "1003室") == [["equal", "10"], ["insert", "0"], ["equal", "3室"]]


def test_swapped_digits_keep_the_longest_equal_runs() -> None:
    diff = char_diff("27号", "72号")
    assert equal_chars(diff) == 2
    assert typed_text(diff) == "72号" and key_text(diff) == "27号"


@given(st.text(max_size=40), st.text(max_size=40))
def test_diff_rebuilds_both_sides(key: str, typed: str) -> None:
    diff = char_diff(key, typed)
    assert key_text(diff) == key
    assert typed_text(diff) == typed
    assert all(entry[0] in {"equal", "insert", "delete", "replace"} for entry in diff)
    assert all(len(entry) == (3 if entry[0] == "replace" else 2) for entry in diff)
