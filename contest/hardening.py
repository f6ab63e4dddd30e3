"""Request parsing no hostile client can turn into a server error: JSON bodies read the way a
browser writes them, ids in URLs that a database integer can hold, and no NUL character on its
way to a text column."""
from __future__ import annotations

import math
import re
from typing import Any

from flask import Flask, abort, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.routing import IntegerConverter

from .errors import refuse

#: The largest id an INTEGER column holds on every database (32 bits on PostgreSQL).
MAX_ID = 2**31 - 1
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
#: Characters no database or page can hold: lone surrogates (nothing encodes them) and NUL
#: (PostgreSQL text refuses it).
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class StrictJSONProvider(DefaultJSONProvider):
    """Malformed JSON raises ValueError, which werkzeug answers with 400 (or ``None`` for
    ``get_json(silent=True)``); without this, nesting deeper than the interpreter can follow
    raised RecursionError (a server error), and NaN, Infinity or 1e999, which no browser sends,
    would reach JSON columns that PostgreSQL refuses. Lone surrogates (``"\\ud83d"``, half
    an emoji cut by a script) and NUL become U+FFFD: refusing the whole save would stop a
    terminal's autosave for one broken character."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        kwargs.setdefault("parse_constant", _refuse_constant)
        kwargs.setdefault("parse_float", _finite_float)
        try:
            return _whole_characters(super().loads(s, **kwargs))
        except RecursionError as error:
            raise ValueError("JSON nested too deeply") from error


def _whole_characters(value: Any) -> Any:
    """``value`` with every unstorable character replaced, in strings and keys at any depth
    (a loop, not recursion: the parser already went as deep as the interpreter allows)."""
    if isinstance(value, str):
        return UNSTORABLE.sub("\ufffd", value)
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            for index, item in enumerate(node):
                if isinstance(item, str):
                    node[index] = UNSTORABLE.sub("\ufffd", item)
                elif isinstance(item, (list, dict)):
                    stack.append(item)
        elif isinstance(node, dict):
            for key, item in list(node.items()):
                if isinstance(item, str):
                    item = node[key] = UNSTORABLE.sub("\ufffd", item)
                elif isinstance(item, (list, dict)):
                    stack.append(item)
                if UNSTORABLE.search(key):
                    del node[key]
                    node[UNSTORABLE.sub("\ufffd", key)] = item
    return value


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):  # 1e999
        raise ValueError(f"{text} is out of range")
    return number


def is_database_id(text: str | None) -> bool:
    """ASCII digits (str.isdigit takes "²", which int() refuses) within an id column."""
    return bool(text) and text.isascii() and text.isdigit() and int(text) <= MAX_ID


def database_int(text: str) -> int:
    """An id typed into a query or a form; ValueError otherwise (``args.get(type=...)``)."""
    if not is_database_id(text):
        raise ValueError(f"not an id: {text[:20]!r}")
    return int(text)


class DatabaseIntConverter(IntegerConverter):
    """``<int:...>`` that stops at the database's largest integer: a longer id is 404, not
    an OverflowError from the driver."""

    def __init__(self, map: Any, fixed_digits: int = 0, min: int | None = None,
                 max: int | None = MAX_ID, signed: bool = False) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def refuse_nul() -> Any:
    """before_request: NUL in the path, the query or a form field is refused before any view
    hands it to the database (SQLite keeps it; PostgreSQL raises, a server error)."""
    if "\x00" in request.path:
        abort(404)
    fields = [*request.args.items(multi=True)]
    if request.method == "POST" and request.mimetype in FORM_TYPES:
        fields += request.form.items(multi=True)
    if any("\x00" in key or "\x00" in value for key, value in fields):
        return refuse(400, "bad_request", "提交的内容含有无法识别的字符,请检查后重试")
    return None


def init_hardening(app: Flask) -> None:
    """Before any blueprint adds a rule: the converter is looked up when a rule is added."""
    app.json = StrictJSONProvider(app)
    app.url_map.converters["int"] = DatabaseIntConverter
    app.before_request(refuse_nul)
