"""The verifiable seat draw: commitment, determinism, uniformity, verification, paper slips."""
import hashlib
import itertools
from collections import Counter

import pytest

from scoring.seat_draw import (
    draw_seats,
    new_seed,
    seat_labels,
    seed_commitment,
    uniform_below,
    validate_manual_seats,
    verify_draw,
)

SEED = hashlib.sha256(b"fixed test seed").hexdigest()
OTHER_SEED = hashlib.sha256(b"another test seed").hexdigest()
EXAM_NUMBERS = [f"2025{number:03d}" for number in range(1, 21)]
SEATS = seat_labels(20)


def fixed_seeds(label: str, count: int) -> list[str]:
    return [hashlib.sha256(f"{label}-{index}".encode()).hexdigest() for index in range(count)]


def chi_square(counts: Counter, categories: list, draws: int) -> float:
    expected = draws / len(categories)
    return sum((counts[category] - expected) ** 2 / expected for category in categories)


def test_new_seed_is_32_random_bytes_in_hex():
    seed = new_seed()
    assert len(seed) == 64 and bytes.fromhex(seed)
    assert new_seed() != seed


def test_commitment_is_sha256_of_the_seed_text_so_sha256sum_can_check_it():
    assert seed_commitment(SEED) == hashlib.sha256(SEED.encode("ascii")).hexdigest()
    assert seed_commitment(f"  {SEED.upper()}\n") == seed_commitment(SEED)
    with pytest.raises(ValueError, match="64位十六进制"):
        seed_commitment("not a seed")


def test_seat_labels_are_zero_padded_and_widen_when_needed():
    assert seat_labels(3) == ["01", "02", "03"]
    assert seat_labels(2, prefix="A", width=3) == ["A001", "A002"]
    assert seat_labels(120)[0] == "001" and seat_labels(120)[-1] == "120"
    assert seat_labels(0) == []


def test_draw_is_deterministic_and_ignores_the_order_the_list_came_in():
    first = draw_seats(SEED, EXAM_NUMBERS, SEATS)
    assert draw_seats(SEED, list(reversed(EXAM_NUMBERS)), SEATS) == first
    assert sorted(first) == EXAM_NUMBERS and sorted(first.values()) == SEATS
    assert draw_seats(OTHER_SEED, EXAM_NUMBERS, SEATS) != first
    assert draw_seats(SEED, EXAM_NUMBERS, SEATS, public_input="3 1 4 1 5") != first


def test_spare_seats_stay_empty_and_each_contestant_gets_a_distinct_one():
    mapping = draw_seats(SEED, EXAM_NUMBERS[:5], seat_labels(8))
    assert len(set(mapping.values())) == 5
    assert set(mapping.values()) <= set(seat_labels(8))


@pytest.mark.parametrize("contestants, seats, message", [
    (["1", "2", "1"], seat_labels(3), "重复：1"),
    (["1", "2"], ["01", "01"], "赛位号有重复"),
    (["1", "2", "3"], seat_labels(2), "少于选手人数"),
])
def test_draw_refuses_inconsistent_input(contestants, seats, message):
    with pytest.raises(ValueError, match=message):
        draw_seats(SEED, contestants, seats)


def test_uniform_below_rejects_out_of_range_values_instead_of_taking_a_modulo():
    supplied = iter([bytes([0b11]), bytes([0b1111_1110])])
    reads = []

    def read(count: int) -> bytes:
        reads.append(count)
        return next(supplied)

    # 3 needs 2 bits: 0b11 = 3 is out of range and redrawn; 0b1111_1110 masks to 0b10 = 2.
    assert uniform_below(3, read) == 2
    assert reads == [1, 1]
    assert uniform_below(257, lambda count: bytes([0x01, 0x00])[:count]) == 256
    assert uniform_below(1, lambda count: b"") == 0


def test_every_permutation_is_equally_likely():
    people, draws = ["a", "b", "c"], 6000
    counts = Counter(tuple(draw_seats(seed, people, ["1", "2", "3"]).values())
                     for seed in fixed_seeds("perm3", draws))
    permutations = list(itertools.permutations(["1", "2", "3"]))
    # 5 degrees of freedom: 20.5 is the 0.1 % critical value; a naive swap-with-any shuffle
    # (27 equally likely paths onto 6 seatings) scores over 100 on these seeds.
    assert chi_square(counts, permutations, draws) < 30


def test_each_contestant_is_equally_likely_to_get_each_seat_with_spare_seats():
    people, seats, draws = ["a", "b", "c", "d"], seat_labels(7), 3500
    mappings = [draw_seats(seed, people, seats) for seed in fixed_seeds("cells", draws)]
    for person in people:
        counts = Counter(mapping[person] for mapping in mappings)
        # 6 degrees of freedom: the 0.1 % critical value is 22.5.
        assert chi_square(counts, seats, draws) < 30


def published() -> dict[str, str]:
    return draw_seats(SEED, EXAM_NUMBERS, SEATS, public_input="27")


def verify(mapping, seed=SEED, contestants=EXAM_NUMBERS, public_input="27", commitment=None):
    return verify_draw(seed, commitment or seed_commitment(SEED), contestants, SEATS, mapping,
                       public_input=public_input)


def test_verification_succeeds_for_an_honest_draw():
    result = verify(published())
    assert result.ok
    assert result.message == "验证通过：20名选手的赛位与按种子重算的结果一致"


def test_verification_catches_a_seed_that_was_changed_after_the_commitment():
    result = verify(published(), seed=OTHER_SEED)
    assert not result.ok and "承诺值不一致" in result.message


def test_verification_catches_a_seating_from_another_seed_behind_a_matching_commitment():
    forged = draw_seats(OTHER_SEED, EXAM_NUMBERS, SEATS, public_input="27")
    result = verify(forged)
    assert not result.ok and result.message.startswith("选手 ")


def test_verification_names_the_first_of_two_swapped_seats():
    mapping = published()
    first, second = EXAM_NUMBERS[3], EXAM_NUMBERS[11]
    mapping[first], mapping[second] = mapping[second], mapping[first]
    result = verify(mapping)
    assert not result.ok
    assert result.message == (f"选手 {first} 的赛位应为 {published()[first]}，"
                              f"公布结果为 {published()[second]}")


def test_verification_catches_a_changed_contestant_list():
    changed = EXAM_NUMBERS[:-1] + ["2025999"]
    assert not verify(published(), contestants=changed).ok
    shorter = verify(published(), contestants=EXAM_NUMBERS[1:])
    assert not shorter.ok


def test_verification_reports_missing_and_extra_contestants_and_bad_input():
    mapping = published()
    del mapping[EXAM_NUMBERS[0]]
    assert verify(mapping).message.startswith(f"公布结果中缺少选手 {EXAM_NUMBERS[0]}")
    extra = published() | {"2025999": "21"}
    assert verify(extra).message == "公布结果中的选手 2025999 不在抽签名单中"
    assert not verify(published(), public_input="28").ok
    assert verify(published(), seed="xyz").message.startswith("无法重算抽签结果")


def test_manual_draw_without_problems_gives_no_errors():
    slips = {"1": "０３", "2": " 01 ", "3": "02"}
    assert validate_manual_seats(slips, seat_labels(3), ["1", "2", "3"]) == []


def test_manual_draw_reports_duplicates_unknown_labels_and_missing_contestants():
    slips = {"1": "01", "2": "01", "3": "09", "4": "", "5": "02"}
    errors = validate_manual_seats(slips, seat_labels(5), ["1", "2", "3", "4", "6"])
    assert errors == [
        "选手 3 的赛位号 09 不在本场赛位中",
        "选手 4 未填写赛位号",
        "赛位号 01 重复分配给：1、2",
        "选手 6 没有赛位号",
        "选手 5 不在检录名单中",
    ]
