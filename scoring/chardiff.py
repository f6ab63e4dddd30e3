"""Character-level diff of a normalised key against a normalised answer, for judges' screens.

``char_diff(key, typed)`` returns a list of JSON-ready entries, in reading order:

* ``["equal", text]``: ``text`` stands in both key and answer;
* ``["delete", text]``: ``text`` is in the key but missing from the answer;
* ``["insert", text]``: ``text`` was typed but is not in the key;
* ``["replace", typed_text, key_text]``: the answer has ``typed_text`` where the key has
  ``key_text``.

Reading the second element of every entry except ``delete`` gives back the answer; reading
``equal`` and ``delete`` texts plus the third element of ``replace`` gives back the key. A
template colours ``delete`` (missing), ``insert`` (extra) and ``replace`` (wrong) and may show
the key text of a ``replace`` as a tooltip. Texts are raw: the template must escape them.
"""
from __future__ import annotations

from rapidfuzz.distance import Indel

DiffEntry = list[str]


def char_diff(key: str, typed: str) -> list[DiffEntry]:
    """Longest-common-subsequence diff of ``key`` and ``typed``.

    LCS (not Levenshtein) alignment, so the equal parts are as long as they can be: 27号 vs
    72号 shows one inserted and one missing 7 around an equal 2, not two replacements.
    A missing part next to an extra part becomes one ``replace``.
    """
    if key == typed:
        return [["equal", key]] if key else []
    entries: list[DiffEntry] = []
    for tag, key_start, key_end, typed_start, typed_end in Indel.opcodes(key, typed):
        if tag == "equal":
            entries.append(["equal", key[key_start:key_end]])
        elif tag == "delete":
            _add_change(entries, key[key_start:key_end], "")
        else:
            _add_change(entries, "", typed[typed_start:typed_end])
    return entries


def _add_change(entries: list[DiffEntry], missing: str, extra: str) -> None:
    previous = entries[-1] if entries else None
    if previous and previous[0] != "equal":
        entries.pop()
        if previous[0] == "delete":
            missing = previous[1] + missing
        elif previous[0] == "insert":
            extra = previous[1] + extra
        else:
            extra, missing = previous[1] + extra, previous[2] + missing
    if missing and extra:
        entries.append(["replace", extra, missing])
    elif missing:
        entries.append(["delete", missing])
    else:
        entries.append(["insert", extra])


def equal_chars(diff: list[DiffEntry]) -> int:
    """How many characters of the answer line up with the key."""
    return sum(len(entry[1]) for entry in diff if entry[0] == "equal")


def typed_text(diff: list[DiffEntry]) -> str:
    """The answer, rebuilt from a diff."""
    return "".join(entry[1] for entry in diff if entry[0] != "delete")


def key_text(diff: list[DiffEntry]) -> str:
    """The key, rebuilt from a diff."""
    parts = []
    for entry in diff:
        if entry[0] in ("equal", "delete"):
            parts.append(entry[1])
        elif entry[0] == "replace":
            parts.append(entry[2])
    return "".join(parts)
