"""Per-field normal forms. Key and typed answer go through the same function, so two answers a
judge would call identical compare equal as strings.

Results are cached: in a contest 500 contestants type mostly the same strings for the same
100 keys, so most calls are dictionary look-ups.
"""
from __future__ import annotations

import re
from functools import lru_cache

from scoring.cn_numerals import arabize_address_numbers, spoken_digits
from scoring.textnorm import clean_text, remove_punctuation, remove_spaces

_CACHE_SIZE = 1 << 16


@lru_cache(maxsize=_CACHE_SIZE)
def normalize_name(raw: str) -> str:
    """Characters only: spaces and punctuation (also the dot in 阿依古丽·买买提) carry no
    information in a name."""
    return remove_punctuation(remove_spaces(clean_text(raw)))


@lru_cache(maxsize=_CACHE_SIZE)
def normalize_postcode(raw: str) -> str:
    """Digits only; numerals typed as characters (三一零) read digit by digit; spaces, dashes
    and punctuation dropped. Anything else stays, so it cannot match."""
    return remove_punctuation(remove_spaces(spoken_digits(clean_text(raw))))


@lru_cache(maxsize=_CACHE_SIZE)
def normalize_email(raw: str) -> str:
    """Lower case, no spaces, full-width ＠ and 。 as @ and ., trailing punctuation dropped."""
    text = remove_spaces(clean_text(raw)).lower()
    text = text.translate(_EMAIL_MARKS)
    return text.strip(_EMAIL_EDGE)


_EMAIL_MARKS = str.maketrans({"。": ".", "｡": ".", "，": ",", "﹫": "@"})
_EMAIL_EDGE = ".,;:!?、，；：！？\"'<>()"


@lru_cache(maxsize=_CACHE_SIZE)
def normalize_address(raw: str) -> str:
    """No spaces or punctuation (a hyphen and # stay: 27-1号, 3#楼 are content), ASCII letters
    upper case (A座 = a座), numbers before 号/栋/单元/室 ... in Arabic digits."""
    text = remove_punctuation(remove_spaces(clean_text(raw)), keep="-#")
    return arabize_address_numbers(text.upper())


# --- phone numbers --------------------------------------------------------------------------

_EXTENSION = re.compile(r"(?:分机号?|转|ext\.?|x|#)\s*[:：]?\s*(\d{1,6})\s*$")
_COUNTRY_CODE = re.compile(r"^\(?\s*(?:\+|00)\s*86\s*\)?[\s-]*")
_SEPARATORS = re.compile(r"[\s\-()./]+")
_BARE_86_MOBILE = re.compile(r"^861[3-9]\d{9}$")
# Commas, full stops and the like separate groups just as a space does.
_PHONE_NOISE = re.compile(r"[,;:!?'\"，。；：、！？“”‘’《》<>【】\[\]{}]")


@lru_cache(maxsize=_CACHE_SIZE)
def normalize_phone(raw: str) -> str:
    """Digits only, extension kept as ``-NNN``: ``0571-87654321转302`` →
    ``057187654321-302``; ``+86 138 2745 0079`` → ``13827450079``.

    An extension is recognised after 分机, 转, ext, x or #, or as the last dash- or
    space-separated group when what precedes it is a complete landline (0 + 9 to 11 digits).
    """
    text = _PHONE_NOISE.sub(" ", spoken_digits(clean_text(raw).lower()))
    extension = ""
    match = _EXTENSION.search(text)
    if match:
        extension, text = match.group(1), text[: match.start()]
    text = _strip_country_code(text.strip())
    groups = [group for group in _SEPARATORS.split(text) if group]
    if not extension and len(groups) >= 2 and _is_landline("".join(groups[:-1])):
        if len(groups[-1]) <= 6:
            extension = groups.pop()
    digits = "".join(groups)
    if _BARE_86_MOBILE.match(digits):
        digits = digits[2:]
    return f"{digits}-{extension}" if extension else digits


def _strip_country_code(text: str) -> str:
    stripped = _COUNTRY_CODE.sub("", text, count=1)
    # +86 571 ... drops the trunk 0 of the area code; mobiles (1...) have none.
    if stripped != text and stripped[:1] in tuple("23456789"):
        return "0" + stripped
    return stripped


def _is_landline(digits: str) -> bool:
    return digits.isdigit() and digits.startswith("0") and 10 <= len(digits) <= 12


def split_extension(normalized_phone: str) -> tuple[str, str]:
    """``057187654321-302`` → (``057187654321``, ``302``)."""
    number, _, extension = normalized_phone.partition("-")
    return number, extension


# --- administrative words at the start of an address ---------------------------------------

_PROVINCE = re.compile(r"^(.{2,3}?)(省|壮族自治区|回族自治区|维吾尔自治区|自治区)")
_CITY = re.compile(r"^(.{2,4}?)(市)")


@lru_cache(maxsize=_CACHE_SIZE)
def admin_prefix(address_form: str) -> tuple[tuple[str, str], ...]:
    """The (name, suffix) pairs a key address starts with: 浙江省杭州市… →
    ((浙江, 省), (杭州, 市)); 北京市海淀区… → ((北京, 市),)."""
    parts: list[tuple[str, str]] = []
    rest = address_form
    for pattern in (_PROVINCE, _CITY):
        match = pattern.match(rest)
        if match:
            parts.append((match.group(1), match.group(2)))
            rest = rest[match.end():]
    return tuple(parts)


@lru_cache(maxsize=_CACHE_SIZE)
def admin_variants(address_form: str) -> tuple[str, ...]:
    """The key address with each leading 省/市 (自治区 ...) kept or left out, the full form first:
    浙江省杭州市… → (浙江省杭州市…, 浙江杭州市…, 浙江省杭州…, 浙江杭州…).

    An answer equal to any variant is exact. An answer that is not is measured against the
    closest variant, so 内蒙呼和浩特… is one character (古) short of 内蒙古呼和浩特…, not five.
    """
    variants = [""]
    rest = address_form
    for name, suffix in admin_prefix(address_form):
        variants = [done + name + kept for kept in (suffix, "") for done in variants]
        rest = rest[len(name) + len(suffix):]
    return tuple(variant + rest for variant in variants)
