"""contest.derived: one computation per source object, never a stale value for another."""
from __future__ import annotations

from contest.derived import derived


def test_a_value_is_built_once_per_source_object_and_per_function() -> None:
    calls: list[str] = []

    def count_keys(source: dict) -> int:
        calls.append("keys")
        return len(source)

    def first_key(source: dict) -> str:
        calls.append("first")
        return next(iter(source))

    content = {"a": 1, "b": 2}
    assert derived(content, count_keys) == 2
    assert derived(content, count_keys) == 2
    assert derived(content, first_key) == "a"
    assert calls == ["keys", "first"]


def test_an_equal_but_different_object_is_derived_afresh() -> None:
    built: list[int] = []

    def total(source: list[int]) -> int:
        built.append(1)
        return sum(source)

    first, second = [1, 2], [1, 2]
    assert derived(first, total) == derived(second, total) == 3
    assert len(built) == 2
    del first
    third = [5]
    assert derived(third, total) == 5   # whatever id it got, never the old sum
