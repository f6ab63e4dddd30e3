"""Chinese numerals both ways, as callers say them and contestants type them."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.cn_numerals import arabize_address_numbers, cn_to_int, int_to_cn
from scoring.cn_numerals import int_to_spoken_digits, read_digits, spoken_digits


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("零", 0), ("十", 10), ("十一", 11), ("二十", 20), ("二十七", 27), ("一百", 100),
        ("一百零五", 105), ("一百一十", 110), ("一百一", 110), ("两百", 200), ("两千五", 2500),
        ("一千零一", 1001), ("一千零一十", 1010), ("三千二百零八", 3208), ("一万", 10000),
        ("一万五", 15000), ("一万零五百", 10500), ("幺百", 100), ("九千九百九十九", 9999),
    ],
)
def test_cn_to_int_reads_positional_numerals(text: str, value: int) -> None:
    assert cn_to_int(text) == value


@pytest.mark.parametrize("text", ["", "十十", "三四", "百", "零十", "百十", "十百", "二x", "万"])
def test_cn_to_int_refuses_malformed_numerals(text: str) -> None:
    with pytest.raises(ValueError):
        cn_to_int(text)


@pytest.mark.parametrize(
    ("value", "text"),
    [(0, "零"), (10, "十"), (15, "十五"), (20, "二十"), (105, "一百零五"), (110, "一百一十"),
     (200, "二百"), (1001, "一千零一"), (1010, "一千零一十"), (10010, "一万零一十"),
     (100000, "十万"), (23456, "二万三千四百五十六")],
)
def test_int_to_cn_writes_standard_form(value: int, text: str) -> None:
    assert int_to_cn(value) == text


@given(st.integers(min_value=0, max_value=99_999_999))
def test_int_to_cn_round_trips(value: int) -> None:
    assert cn_to_int(int_to_cn(value)) == value


def test_int_to_cn_refuses_out_of_range() -> None:
    with pytest.raises(ValueError):
        int_to_cn(-1)
    with pytest.raises(ValueError):
        int_to_cn(100_000_000)


def test_phone_way_digits_read_one_by_one() -> None:
    assert read_digits("幺三八洞两拐勾") == "1380279"
    assert spoken_digits("幺三八，两七") == "138，27"
    with pytest.raises(ValueError):
        read_digits("幺三八号")


def test_digits_written_back_the_phone_way() -> None:
    assert int_to_spoken_digits("13807") == "幺三八零拐"
    assert int_to_spoken_digits("13807", phone_way=False) == "一三八零七"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("文三路二十七号", "文三路27号"),
        ("一百零三室", "103室"),
        ("一零三室", "103室"),
        ("幺零三室", "103室"),
        ("三栋二单元", "3栋2单元"),
        ("两百号", "200号"),
        ("十号楼", "10号楼"),
        ("四川省九龙坡区八一路", "四川省九龙坡区八一路"),
        ("六合区三里屯五道口", "六合区三里屯五道口"),
        ("科技南十二路十八号", "科技南十二路18号"),
        ("天一二十七号", "天一27号"),
        ("27号", "27号"),
    ],
)
def test_address_numbers_before_units_become_arabic(text: str, expected: str) -> None:
    assert arabize_address_numbers(text) == expected
