"""Chinese numerals and Arabic digits, both the way contestants type them and the way callers
say them on the phone (幺 for 1, 拐 for 7 ...).

Two readings exist and the caller's context decides which one applies:

* positional: 二十七 = 27, 一百零三 = 103, 两百 = 200, 一百一 = 110;
* digit by digit: 一零三 = "103", 幺三八 = "138" (phone numbers, postcodes, room numbers).
"""
from __future__ import annotations

import re

#: Digits every reader agrees on.
STANDARD_DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
#: Spoken forms used on the phone so that similar-sounding digits are not confused.
PHONE_WAY_DIGITS: dict[str, int] = {"幺": 1, "两": 2, "拐": 7, "勾": 9, "洞": 0}
ALL_DIGITS: dict[str, int] = {**STANDARD_DIGITS, **PHONE_WAY_DIGITS}
UNITS: dict[str, int] = {"十": 10, "百": 100, "千": 1000}
TEN_THOUSAND = "万"

_CN_DIGIT_NAMES = "零一二三四五六七八九"
_DIGIT_TABLE = str.maketrans({char: str(value) for char, value in ALL_DIGITS.items()})
_MAX_SPOKEN = 99_999_999


def spoken_digits(text: str) -> str:
    """Translate every numeral character to its digit, leaving other characters alone.

    Used where only digit-by-digit reading makes sense (phone numbers, postcodes).
    """
    return text.translate(_DIGIT_TABLE)


def read_digits(text: str) -> str:
    """Read a run such as 幺三八 or 一零三 digit by digit; ValueError if any character is not a
    digit."""
    digits = spoken_digits(text)
    if not digits.isascii() or not digits.isdigit():
        raise ValueError(f"not a digit run: {text!r}")
    return digits


def cn_to_int(text: str) -> int:
    """Value of a positional Chinese numeral (十 = 10, 一百零五 = 105, 两百 = 200, 一百一 = 110,
    一万五 = 15000). Raises ValueError on anything malformed (十十, 三四, 百)."""
    if not text:
        raise ValueError("empty numeral")
    total = section = 0
    digit: int | None = None
    last_unit = 100_000
    zero_before_digit = False
    for char in text:
        if char in ALL_DIGITS:
            if digit not in (None, 0):
                raise ValueError(f"two digits without a unit in {text!r}")
            zero_before_digit = digit == 0
            digit = ALL_DIGITS[char]
        elif char in UNITS:
            unit = UNITS[char]
            if unit >= last_unit or digit == 0:
                raise ValueError(f"misplaced unit in {text!r}")
            if digit is None:
                if unit != 10 or section or total:
                    raise ValueError(f"unit without a digit in {text!r}")
                digit = 1
            section += digit * unit
            last_unit, digit, zero_before_digit = unit, None, False
        elif char == TEN_THOUSAND and not total:
            total = (section + (digit or 0)) * 10_000
            if not total:
                raise ValueError(f"万 without a value in {text!r}")
            section, digit, last_unit, zero_before_digit = 0, None, 10_000, False
        else:
            raise ValueError(f"not a numeral: {char!r} in {text!r}")
    return total + section + _trailing_digit_value(digit, last_unit, zero_before_digit)


def _trailing_digit_value(digit: int | None, last_unit: int, zero_before: bool) -> int:
    # 一百一 means 110, not 101: a bare trailing digit takes the next lower unit unless a 零
    # stood before it (一百零一 = 101).
    if digit is None:
        return 0
    if zero_before or last_unit <= 10 or last_unit == 100_000:
        return digit
    return digit * (last_unit // 10)


def int_to_cn(value: int) -> str:
    """Standard written form: 10 → 十, 20 → 二十, 105 → 一百零五, 1010 → 一千零一十."""
    if value < 0 or value > _MAX_SPOKEN:
        raise ValueError(f"out of range: {value}")
    if value == 0:
        return "零"
    high, low = divmod(value, 10_000)
    if not high:
        return _section_to_cn(low, leading=True)
    text = _section_to_cn(high, leading=True) + TEN_THOUSAND
    if low:
        text += ("零" if low < 1000 else "") + _section_to_cn(low, leading=False)
    return text


def _section_to_cn(value: int, leading: bool) -> str:
    parts: list[str] = []
    pending_zero = False
    for unit_value, unit_name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, value = divmod(value, unit_value)
        if not digit:
            pending_zero = bool(parts)
            continue
        if pending_zero:
            parts.append("零")
            pending_zero = False
        if unit_value == 10 and digit == 1 and leading and not parts:
            parts.append("十")
        else:
            parts.append(_CN_DIGIT_NAMES[digit] + unit_name)
    return "".join(parts)


def int_to_spoken_digits(digits: str, phone_way: bool = True) -> str:
    """Write an Arabic digit string the way it is read out: 1380 → 幺三八零 (phone way) or
    一三八零."""
    names = "零幺二三四五六拐八九" if phone_way else _CN_DIGIT_NAMES
    return "".join(names[int(char)] if char.isdigit() else char for char in digits)


#: Address units before which a number is a house, building, unit or room number. 区, 门, 里
#: are left out on purpose: 六合区, 三门峡, 三里屯 are names, not numbers.
ADDRESS_UNITS = ("号", "栋", "幢", "座", "单元", "室", "楼", "层", "弄", "巷", "组", "期", "户", "排")
_ADDRESS_NUMBER = re.compile(
    "([零〇一二两三四五六七八九十百千幺]+)(?=" + "|".join(ADDRESS_UNITS) + ")"
)


def arabize_address_numbers(text: str) -> str:
    """Rewrite Chinese numbers that stand before an address unit in Arabic digits:
    二十七号 → 27号, 一百零三室 → 103室, 一零三室 → 103室, 三栋二单元 → 3栋2单元.

    Names that merely contain numeral characters (四川, 九龙坡, 文三路, 八一路) are kept
    because no unit follows them.
    """
    return _ADDRESS_NUMBER.sub(lambda match: _arabize_run(match.group(1)), text)


def _arabize_run(run: str) -> str:
    # The longest tail that reads as a number wins, so a name ending in a numeral character
    # (天一 + 二十七号) keeps its own character.
    for start in range(len(run)):
        tail = run[start:]
        converted = _number_value(tail)
        if converted is not None:
            return run[:start] + converted
    return run


def _number_value(run: str) -> str | None:
    try:
        if any(char in UNITS for char in run):
            return str(cn_to_int(run))
        return read_digits(run)
    except ValueError:
        return None
