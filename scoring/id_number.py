"""Chinese resident identity numbers (公民身份号码, GB 11643-1999): 6-digit region code,
8-digit birth date, 3-digit sequence (odd for men), ISO 7064 MOD 11-2 check character."""
from __future__ import annotations

import re
import unicodedata
from datetime import date

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARACTERS = "10X98765432"
#: Province-level codes of GB/T 2260, plus 81-83 used by the residence permits of Hong Kong,
#: Macao and Taiwan residents.
_PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
    "61 62 63 64 65 71 81 82 83".split())
_EARLIEST_BIRTH_YEAR = 1900


def normalise_id_number(text: str) -> str:
    """Full-width digits and letters to half-width, spaces removed, ``x`` to ``X``."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).upper()


def check_character(first_17_digits: str) -> str:
    pairs = zip(first_17_digits, _WEIGHTS, strict=True)
    total = sum(int(digit) * weight for digit, weight in pairs)
    return _CHECK_CHARACTERS[total % 11]


def validate_id_number(text: str, *, today: date | None = None) -> str | None:
    """None when the number is well formed, else what is wrong in Chinese. ``today`` bounds the
    birth date (default: the machine's date)."""
    number = normalise_id_number(text)
    problem = _format_problem(number)
    if problem:
        return problem
    if not _is_known_region(number[:6]):
        return f"身份证号码前6位地区码 {number[:6]} 无效"
    problem = _birth_date_problem(number[6:14], today or date.today())
    if problem:
        return problem
    if check_character(number[:17]) != number[17]:
        return "身份证号码校验位不正确，请核对是否有输错的数字"
    return None


def birth_date(text: str) -> date:
    number = _valid(text)
    return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def gender(text: str) -> str:
    """"男" or "女", from the parity of the 17th digit."""
    return "男" if int(_valid(text)[16]) % 2 else "女"


def _valid(text: str) -> str:
    # Birth date and gender need a valid number, but not a bound on "today".
    problem = validate_id_number(text, today=date.max)
    if problem:
        raise ValueError(problem)
    return normalise_id_number(text)


def _format_problem(number: str) -> str | None:
    if not number:
        return "请填写身份证号码"
    if len(number) == 15 and number.isdigit():
        return "不支持15位旧身份证号码，请填写18位号码"
    if len(number) != 18:
        return f"身份证号码应为18位，当前为{len(number)}位"
    if not (number[:17].isascii() and number[:17].isdigit()):
        return "身份证号码前17位只能是数字"
    if number[17] not in "0123456789X":
        return "身份证号码最后一位只能是数字或X"
    return None


def _is_known_region(region: str) -> bool:
    # Permanent residence cards for foreigners (2023 format) start with 9 + the province code.
    province = region[1:3] if region.startswith("9") else region[:2]
    return province in _PROVINCES


def _birth_date_problem(digits: str, today: date) -> str | None:
    try:
        born = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return f"身份证号码中的出生日期 {digits} 不是有效日期"
    if born.year < _EARLIEST_BIRTH_YEAR or born > today:
        return f"身份证号码中的出生日期 {digits} 不在合理范围内"
    return None
