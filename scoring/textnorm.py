"""Text clean-up shared by every capture field: what a contestant's keyboard, input method or
copy-paste may add that carries no information.

Each function is total: any str (control characters, emoji, HTML, megabytes) goes in, a str
comes out, nothing raises.
"""
from __future__ import annotations

import re
import unicodedata

#: Every dash-like character an input method produces; NFKC leaves most of them alone.
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d~\uff5e\u301c"
_DASH_TABLE = str.maketrans({char: "-" for char in DASHES})

# C0/C1 controls (tab and newlines become spaces instead), zero-width and direction marks,
# BOM, lone surrogates and non-characters: invisible, so never counted as typed content.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\ufeff\ufff0-\uffff\ud800-\udfff]"
)
_WHITESPACE = re.compile(r"\s+")
# ASCII punctuation and symbols, Latin-1 punctuation, general punctuation, CJK punctuation and
# brackets, vertical and small forms. Letters, digits and ideographs are never in this class.
_PUNCTUATION_CLASS = (
    "!-/:-@\\[-`{-~\u00a1-\u00bf\u00d7\u00f7\u2010-\u2027\u2030-\u205e"
    "\u3000-\u3003\u3008-\u3020\u30fb\ufe10-\ufe19\ufe30-\ufe6b\uff01-\uff0f\uff1a-\uff20"
    "\uff3b-\uff40\uff5b-\uff65"
)
#: Dots used between the parts of a minority name (阿依古丽·买买提) or as a full stop.
MIDDLE_DOTS = "\u00b7\u2022\u2027\u30fb\uff65"


def fold(text: str | None) -> str:
    """NFKC (full-width letters, digits, signs and the ideographic space become half-width) and
    invisible characters removed."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", _INVISIBLE.sub("", text))
    return _INVISIBLE.sub("", folded)


def unify_dashes(text: str) -> str:
    """—, –, －, ‐, ~, ～ ... all become ASCII "-"."""
    return text.translate(_DASH_TABLE)


def collapse_spaces(text: str) -> str:
    """Runs of whitespace become one space; ends trimmed."""
    return _WHITESPACE.sub(" ", text).strip()


def clean_text(text: str | None) -> str:
    """The common first step for every field: fold, unify dashes, collapse spaces."""
    return collapse_spaces(unify_dashes(fold(text)))


def remove_spaces(text: str) -> str:
    return _WHITESPACE.sub("", text)


def remove_punctuation(text: str, keep: str = "") -> str:
    """Drop punctuation and symbols except the characters in ``keep``."""
    if not keep:
        return _compiled_punctuation("").sub("", text)
    return _compiled_punctuation(keep).sub("", text)


_PUNCTUATION_CACHE: dict[str, re.Pattern[str]] = {}


def _compiled_punctuation(keep: str) -> re.Pattern[str]:
    pattern = _PUNCTUATION_CACHE.get(keep)
    if pattern is None:
        excluded = "".join(re.escape(char) for char in keep)
        body = f"[{_PUNCTUATION_CLASS}]"
        if excluded:
            body = f"(?![{excluded}]){body}"
        pattern = _PUNCTUATION_CACHE[keep] = re.compile(body)
    return pattern


def truncate(text: str, limit: int) -> tuple[str, bool]:
    """Cut ``text`` to ``limit`` characters; the flag says whether anything was cut."""
    if len(text) <= limit:
        return text, False
    return text[:limit], True
