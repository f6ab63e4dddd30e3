"""What the contestant's screen needs: the statement, the raw-data link, the two upload slots
with what is uploaded so far. Never the answer key, the checks or a score."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import url_for

from ..base import AttemptView
from .statement import statement_blocks
from .uploads import LABELS, SLOTS, item_key, upload_limit


def terminal_context(view: AttemptView) -> dict[str, Any]:
    content = view.content
    slots = [{"slot": slot, "key": item_key(slot), "label": LABELS[slot],
              "url": url_for("mod_report.upload", attempt_id=view.attempt_id, slot=slot),
              "current": shown_upload(view.answers.get(item_key(slot)))} for slot in SLOTS]
    config = {"maxBytes": upload_limit(), "timeoutMs": 120_000}
    return {"title": content["title"], "blocks": statement_blocks(content["statement"]),
            "raw": content["raw"], "slots": slots, "report_config": config,
            "raw_url": url_for("mod_report.raw_data", attempt_id=view.attempt_id)}


def shown_upload(value: Any) -> dict[str, Any] | None:
    if not isinstance(value, dict) or "uploaded_at" not in value:
        return None
    return {"name": value.get("name", ""), "size": size_text(int(value.get("size", 0))),
            "at": datetime.fromisoformat(value["uploaded_at"])}


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"
