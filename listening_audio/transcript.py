"""What a listener can hear in a transcript: digits read one by one, e-mails spelt letter by
letter, addresses with spoken numbers. The validator uses these readings to prove that every
key value is actually said in its call.
"""
from __future__ import annotations

import re
from typing import Iterable

from scoring.capture_normalize import normalize_address
from scoring.cn_numerals import ALL_DIGITS

#: Words a caller uses for the symbols of an e-mail address.
EMAIL_WORDS: dict[str, str] = {
    "艾特": "@", "圈a": "@", "点": ".", "下划线": "_", "下横线": "_",
    "中划线": "-", "横杠": "-", "减号": "-",
}
_EMAIL_TOKEN = re.compile("|".join(sorted(EMAIL_WORDS, key=len, reverse=True)) + "|[A-Za-z0-9]")
# Where an address splits into parts that are each said somewhere in the call.
_ADDRESS_PART = re.compile(
    r".+?(?:自治区|省|市|区|县|镇|乡|街道|大道|路|街|巷|弄|胡同|号院|号楼|号|小区|花园|公寓|"
    r"大厦|村|组|栋|幢|座|单元|室|楼|层|$)"
)
_ADMIN_SUFFIX = re.compile(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区)$")


def digit_stream(text: str) -> str:
    """Every digit said in ``text``, one by one, everything else dropped:
    "幺三八，两七四五" → "1382745"."""
    return "".join(
        char if char.isascii() and char.isdigit() else str(ALL_DIGITS[char])
        for char in text
        if (char.isascii() and char.isdigit()) or char in ALL_DIGITS
    )


def spelled_stream(text: str) -> str:
    """Letters, digits and spoken symbols in order: "z h a o 艾特 幺六三 点 com" →
    "zhao@163.com"."""
    digits_read = "".join(str(ALL_DIGITS[char]) if char in ALL_DIGITS else char for char in text)
    return "".join(
        EMAIL_WORDS.get(token, token.lower()) for token in _EMAIL_TOKEN.findall(digits_read)
    )


def says_digits(lines: Iterable[str], digits: str) -> bool:
    """True when one line reads ``digits`` (separators and words between digits ignored)."""
    return any(digits in digit_stream(line) for line in lines)


def says_email(lines: Iterable[str], email: str) -> bool:
    wanted = email.lower()
    return any(wanted in spelled_stream(line) for line in lines)


def missing_name_chars(lines: Iterable[str], name: str) -> list[str]:
    heard = "".join(lines)
    return [char for char in name if char not in heard and char != "·"]


def address_parts(address: str) -> list[str]:
    """浙江省杭州市西湖区文三路27号 → [浙江省, 杭州市, 西湖区, 文三路, 27号]."""
    return [part for part in _ADDRESS_PART.findall(normalize_address(address)) if part]


def missing_address_parts(lines: Iterable[str], address: str) -> list[str]:
    """Parts of the address never said in the call. Spoken numbers count (二十七号 is 27号)
    and the 省/市 after a place name may be left unsaid, as callers do."""
    heard = normalize_address("".join(lines))
    missing = []
    for part in address_parts(address):
        bare = _ADMIN_SUFFIX.sub("", part)
        if part not in heard and (not bare or bare == part or bare not in heard):
            missing.append(part)
    return missing
