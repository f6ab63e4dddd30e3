"""Hypothesis strategies for hostile request bodies: any JSON shape, strings with control
characters, lone surrogates, RTL marks, markup and huge runs; numbers of every awkward kind;
wrong content types; truncated and random bodies."""
from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

#: Inner @given functions share the test's app: its world is built once, not per example.
FUZZ = settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow,
                                                          HealthCheck.data_too_large])

MARKUP = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "\"'><svg onload=x>",
          "{{ 7*7 }}", "' OR 1=1 --", "../../etc/passwd", "..\\..\\boot.ini", "%00", "\x00",
          "\u202e\u200f\u200b\ufeff", "\u0645\u0631\u062d\u0628\u0627", "张三\u202etxt.exe",
          "\ud800", "\udfff\ud800", "x" * 70_000, "姓名" * 5_000, "", " ", "null", "NaN"]
TEXT = st.one_of(
    st.text(max_size=40),
    st.text(st.characters(categories=["Cc", "Cf", "Cs", "Zl", "Zp", "Mn"]), max_size=12),
    st.sampled_from(MARKUP),
)
NUMBER = st.one_of(
    st.integers(), st.integers(min_value=2**53 - 2, max_value=2**70),
    st.integers(max_value=0), st.floats(), st.booleans(),
    st.sampled_from([0, -1, 1, 2**31, 2**63, -2**63, 1e308, -0.0, 0.5]),
)
LEAF = st.one_of(st.none(), NUMBER, TEXT)
ANY_JSON = st.recursive(LEAF, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(TEXT, inner, max_size=4)), max_leaves=12)
ID = st.one_of(st.integers(min_value=0, max_value=2**80), st.sampled_from([0, 1, 2**63 - 1]))

JSON_TYPES = ["application/json", "application/json; charset=utf-8"]
OTHER_TYPES = ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
               "multipart/form-data; boundary=zz", "application/octet-stream",
               "application/json; charset=utf-16", "application/json; charset=latin-1",
               "text/html", "application/xml"]
#: Bodies a parser might choke on: deep nesting, endless digits, odd encodings, NaN.
ODD = [b"[" * 50_000 + b"]" * 50_000, b'{"a":' * 20_000 + b"1" + b"}" * 20_000,
       b"1" * 6_000, b'{"items": [{"key": "e1", "seq": 1' + b"0" * 5_000 + b', "value": "x"}]}',
       b"\xef\xbb\xbf{}", b"\xff\xfe{\x00}\x00", b'"\xed\xa0\x80"', b"\x00" * 64, b"NaN",
       b'{"items": [{"key": "e1", "seq": Infinity, "value": -Infinity}]}', b"", b"{",
       b'{"call": "a01", "call": "a02"}', b'{"__proto__": {"admin": true}}']


def segment(text: str) -> str:
    """Any text as one URL path segment (percent-encoded bytes, lone surrogates too)."""
    return quote(text.encode("utf-8", "surrogatepass"), safe="") or "x"


def formable(text: str) -> str:
    """What a browser can put in a form field: no lone surrogates, no NUL (refused anyway)."""
    return text.encode("utf-8", "replace").decode().replace("\x00", "")


def as_json(value: Any) -> bytes:
    return json.dumps(value).encode()  # NaN and Infinity are written as such: hostile


def bodies(shaped: st.SearchStrategy[Any]) -> st.SearchStrategy[tuple[bytes, str]]:
    """(body, content type): the endpoint's own shape with hostile values, any JSON,
    the right JSON under the wrong type, truncated JSON, raw bytes and known parser traps."""
    either = st.one_of(shaped, ANY_JSON)
    return st.one_of(
        st.tuples(shaped.map(as_json), st.sampled_from(JSON_TYPES)),
        st.tuples(ANY_JSON.map(as_json), st.sampled_from(JSON_TYPES)),
        st.tuples(either.map(as_json), st.sampled_from(OTHER_TYPES)),
        st.tuples(either.map(as_json), st.integers(min_value=0, max_value=60))
        .map(lambda pair: (pair[0][:pair[1]], "application/json")),
        st.tuples(st.binary(max_size=200), st.sampled_from(JSON_TYPES + OTHER_TYPES)),
        st.tuples(st.sampled_from(ODD), st.sampled_from(JSON_TYPES)),
    )


def post_raw(client: Any, path: str, body: tuple[bytes, str], token: str) -> Any:
    data, content_type = body
    return client.post(path, data=data, content_type=content_type,
                       headers={"X-CSRFToken": token})


def may_carry_nul_field(body: tuple[bytes, str]) -> bool:
    """A form body that may hold a NUL in a field: the app refuses it (400) before any view,
    so before a view could answer 404 for a foreign id."""
    data, content_type = body
    return content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")
                                   ) and (b"\x00" in data or b"%00" in data)
