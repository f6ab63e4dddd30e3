"""ID-number validation on invented numbers whose check character the test computes itself."""
from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from scoring.id_number import (
    birth_date,
    check_character,
    gender,
    normalise_id_number,
    validate_id_number,
)

TODAY = date(2025, 6, 1)


def iso7064_check(body: str) -> str:
    """An independent oracle: MOD 11-2 with weights 2^(17-i) mod 11, solved for the check value."""
    total = sum(int(digit) * pow(2, 17 - index, 11) for index, digit in enumerate(body))
    value = (12 - total % 11) % 11
    return "X" if value == 10 else str(value)


def invented(region: str = "110101", born: str = "20070315", sequence: str = "123") -> str:
    body = region + born + sequence
    return body + iso7064_check(body)


def with_x_check() -> str:
    return next(number for number in (invented(sequence=f"{n:03d}") for n in range(1000))
                if number.endswith("X"))


@pytest.mark.parametrize("number", [
    invented(), invented("440305", "19991231", "002"), invented("650102", "20000229", "917"),
    invented("810000", "20080101", "051"), invented("931156", "19850610", "010")])
def test_constructed_numbers_are_valid(number):
    assert validate_id_number(number, today=TODAY) is None


def test_check_character_matches_the_independent_oracle():
    for sequence in range(0, 1000, 37):
        body = f"32010220050101{sequence:03d}"
        assert check_character(body) == iso7064_check(body)


def test_lower_case_x_full_width_digits_and_spaces_are_accepted():
    number = with_x_check()
    assert validate_id_number(number.lower(), today=TODAY) is None
    full_width = number.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
    assert normalise_id_number(f" {full_width[:6]} {full_width[6:]} ") == number
    assert validate_id_number(full_width, today=TODAY) is None


def test_birth_date_and_gender_come_from_the_number():
    assert birth_date(invented(born="20070315")) == date(2007, 3, 15)
    assert gender(invented(sequence="123")) == "男"
    assert gender(invented(sequence="124")) == "女"


@pytest.mark.parametrize("text, message", [
    ("", "请填写身份证号码"),
    ("110101070315123", "不支持15位旧身份证号码，请填写18位号码"),
    ("11010120070315123", "身份证号码应为18位，当前为17位"),
    ("11010120070315A234", "身份证号码前17位只能是数字"),
    ("11010120070315123Y", "身份证号码最后一位只能是数字或X"),
    (invented(region="001234"), "身份证号码前6位地区码 001234 无效"),
    (invented(region="991234"), "身份证号码前6位地区码 991234 无效"),
    (invented(born="20070230"), "身份证号码中的出生日期 20070230 不是有效日期"),
    (invented(born="18991231"), "身份证号码中的出生日期 18991231 不在合理范围内"),
    (invented(born="20250602"), "身份证号码中的出生日期 20250602 不在合理范围内"),
])
def test_each_kind_of_error_gets_its_own_chinese_message(text, message):
    assert validate_id_number(text, today=TODAY) == message


def with_wrong_check(number: str) -> str:
    return number[:17] + ("0" if number[17] != "0" else "1")


def test_a_wrong_check_character_is_reported():
    assert validate_id_number(with_wrong_check(invented()), today=TODAY) == (
        "身份证号码校验位不正确，请核对是否有输错的数字")


def test_birth_date_and_gender_refuse_invalid_numbers():
    with pytest.raises(ValueError, match="校验位不正确"):
        gender(with_wrong_check(invented()))
    with pytest.raises(ValueError, match="不是有效日期"):
        birth_date(invented(born="20070431"))


@given(st.integers(min_value=0, max_value=16), st.integers(min_value=1, max_value=9))
def test_any_single_digit_typo_is_caught(position, shift):
    number = invented()
    typo = str((int(number[position]) + shift) % 10)
    assert validate_id_number(number[:position] + typo + number[position + 1:], today=TODAY)


@given(st.integers(min_value=0, max_value=15))
def test_any_swap_of_two_different_neighbouring_digits_is_caught(position):
    number = invented(region="320102", born="19980716", sequence="395")
    assume(number[position] != number[position + 1])
    swapped = (number[:position] + number[position + 1] + number[position]
               + number[position + 2:])
    assert validate_id_number(swapped, today=TODAY)
