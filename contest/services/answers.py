"""Record answers from terminals: append to the log, keep the newest per item."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from .. import clock
from ..db import insert_ignoring_duplicates, upsert_newer
from ..extensions import db
from ..models import AnswerLog, Attempt, AttemptEvent, CurrentAnswer
from ..modules import AnswerRejected, AttemptView, get_module


@dataclass(frozen=True)
class SaveItem:
    key: str
    seq: int
    value: Any


@dataclass
class SaveOutcome:
    acked: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)


def current_answer_rows(attempt_id: int) -> dict[str, CurrentAnswer]:
    rows = db.session.execute(
        select(CurrentAnswer).where(CurrentAnswer.attempt_id == attempt_id)).scalars()
    return {row.item_key: row for row in rows}


def current_answers(attempt_id: int) -> dict[str, Any]:
    return {key: row.value for key, row in current_answer_rows(attempt_id).items()}


def record_answers(attempt: Attempt, view: AttemptView, items: list[SaveItem],
                   terminal_id: str) -> SaveOutcome:
    """Store every acceptable item; a repeated or older save is acknowledged and changes nothing.

    The caller has checked that the attempt is open and belongs to this terminal.
    """
    module = get_module(attempt.session.kind)
    allowed = set(module.item_keys(view.content))
    at = clock.now()
    outcome = SaveOutcome()
    log_rows: list[dict[str, Any]] = []
    for item in items:
        try:
            value = _clean(module, view, allowed, item)
        except AnswerRejected as refusal:
            outcome.rejected.append({"key": item.key, "seq": item.seq, "code": refusal.code,
                                     "message": refusal.message})
            continue
        log_rows.append({"attempt_id": attempt.id, "item_key": item.key, "seq": item.seq,
                         "value": value, "received_at": at, "terminal_id": terminal_id})
        outcome.acked.append({"key": item.key, "seq": item.seq})
    _store(attempt, log_rows, at)
    if outcome.rejected:
        _log_refusals(attempt, outcome.rejected, at)
    return outcome


def _clean(module: Any, view: AttemptView, allowed: set[str], item: SaveItem) -> Any:
    if item.key not in allowed:
        raise AnswerRejected("unknown_item", "题目编号不存在")
    return module.clean_answer(view, item.key, item.value)


def _store(attempt: Attempt, log_rows: list[dict[str, Any]], at: Any) -> None:
    if not log_rows:
        return
    insert_ignoring_duplicates(AnswerLog.__table__, log_rows, ["attempt_id", "item_key", "seq"])
    newest: dict[str, dict[str, Any]] = {}
    for row in log_rows:
        if row["item_key"] not in newest or row["seq"] > newest[row["item_key"]]["seq"]:
            newest[row["item_key"]] = row
    for row in newest.values():
        upsert_newer(CurrentAnswer.__table__,
                     {"attempt_id": row["attempt_id"], "item_key": row["item_key"],
                      "seq": row["seq"], "value": row["value"], "saved_at": at},
                     ["attempt_id", "item_key"], "seq")
    attempt.last_seq = max(attempt.last_seq, *(row["seq"] for row in log_rows))
    attempt.last_save_at = at


def _log_refusals(attempt: Attempt, rejected: list[dict[str, Any]], at: Any) -> None:
    db.session.add(AttemptEvent(attempt_id=attempt.id, kind="save_refused",
                                data={"items": rejected[:20]}, at=at))
