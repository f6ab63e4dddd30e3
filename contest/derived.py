"""Values derived from objects that do not change while anyone holds them — a session's frozen
content from the per-process content cache, a parsed paper — computed once per process.

Keyed by the source object's identity and the function that derives the value; each entry holds
its source, so the id cannot be reused by another object while the entry lives.
"""
from __future__ import annotations

from threading import Lock
from typing import Any, Callable, TypeVar

S = TypeVar("S")
T = TypeVar("T")

_SIZE = 256
_ENTRIES: dict[tuple[int, Callable[[Any], Any]], tuple[Any, Any]] = {}
_LOCK = Lock()


def derived(source: S, build: Callable[[S], T]) -> T:
    key = (id(source), build)
    known = _ENTRIES.get(key)
    if known is not None and known[0] is source:
        return known[1]
    value = build(source)
    with _LOCK:
        if len(_ENTRIES) >= _SIZE:
            _ENTRIES.clear()
        _ENTRIES[key] = (source, value)
    return value
