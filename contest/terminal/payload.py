"""Parse an autosave body: {"items": [{"key": str, "seq": int, "value": any}, ...]}."""
from __future__ import annotations

from typing import Any

from ..services.answers import SaveItem

MAX_ITEMS = 500
#: Sequence numbers count up from 1 per terminal; the column is a 32-bit INTEGER on PostgreSQL.
MAX_SEQ = 2**31


class PayloadError(ValueError):
    pass


def parse_save_items(body: Any) -> list[SaveItem]:
    if not isinstance(body, dict) or not isinstance(body.get("items"), list):
        raise PayloadError("保存内容格式不正确")
    raw_items = body["items"]
    if len(raw_items) > MAX_ITEMS:
        raise PayloadError("单次保存的题目过多")
    return [_parse_item(raw) for raw in raw_items]


def _parse_item(raw: Any) -> SaveItem:
    if not isinstance(raw, dict):
        raise PayloadError("保存内容格式不正确")
    key, seq = raw.get("key"), raw.get("seq")
    if not isinstance(key, str) or not 0 < len(key) <= 64:
        raise PayloadError("题目编号不正确")
    if isinstance(seq, bool) or not isinstance(seq, int) or not 0 < seq < MAX_SEQ:
        raise PayloadError("保存序号不正确")
    return SaveItem(key=key, seq=seq, value=raw.get("value"))
