"""Record answers from terminals: append to the log, keep the newest per item.

Saving is split in two so the write lock is held only while writing: ``check_items`` runs in
the request's read transaction; ``store_answers`` runs in a short write transaction and
re-checks that the attempt is still open.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, case, select, update

from ..db import insert_ignoring_duplicates, upsert_newer
from ..extensions import db
from ..models import AnswerLog, Attempt, AttemptEvent, AttemptState, CurrentAnswer
from ..modules import AnswerRejected, AttemptView, ContestModule


@dataclass(frozen=True)
class SaveItem:
    key: str
    seq: int
    value: Any


@dataclass
class CheckedSave:
    accepted: list[SaveItem] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)

    @property
    def acked(self) -> list[dict[str, Any]]:
        return [{"key": item.key, "seq": item.seq} for item in self.accepted]


def current_answer_rows(attempt_id: int) -> dict[str, CurrentAnswer]:
    rows = db.session.execute(
        select(CurrentAnswer).where(CurrentAnswer.attempt_id == attempt_id)).scalars()
    return {row.item_key: row for row in rows}


def current_answers(attempt_id: int) -> dict[str, Any]:
    # Two columns, not ORM objects: a hand-in reads its 80 answers twice (scored unlocked,
    # then compared in the write), and the objects cost more than the query.
    return dict(db.session.execute(
        select(CurrentAnswer.item_key, CurrentAnswer.value)
        .where(CurrentAnswer.attempt_id == attempt_id)).tuples().all())


def check_items(module: ContestModule, view: AttemptView, items: list[SaveItem]) -> CheckedSave:
    """Let the module clean every value; refuse unknown keys and values it cannot accept."""
    allowed = set(module.item_keys(view.content))
    checked = CheckedSave()
    for item in items:
        try:
            if item.key not in allowed:
                raise AnswerRejected("unknown_item", "题目编号不存在")
            value = module.clean_answer(view, item.key, item.value)
        except AnswerRejected as refusal:
            checked.rejected.append({"key": item.key, "seq": item.seq, "code": refusal.code,
                                     "message": refusal.message})
            continue
        checked.accepted.append(SaveItem(item.key, item.seq, value))
    return checked


def store_answers(attempt_id: int, checked: CheckedSave, terminal_id: str,
                  at: datetime) -> bool:
    """Write the accepted items; False (nothing written) when the attempt closed meanwhile."""
    if checked.accepted and not _advance_attempt(attempt_id, checked.accepted, at):
        return False
    rows = [{"attempt_id": attempt_id, "item_key": item.key, "seq": item.seq,
             "value": item.value, "received_at": at, "terminal_id": terminal_id}
            for item in checked.accepted]
    insert_ignoring_duplicates(AnswerLog.__table__, rows, ["attempt_id", "item_key", "seq"])
    for item in _newest_per_key(checked.accepted):
        upsert_newer(CurrentAnswer.__table__,
                     {"attempt_id": attempt_id, "item_key": item.key, "seq": item.seq,
                      "value": item.value, "saved_at": at},
                     ["attempt_id", "item_key"], "seq")
    if checked.rejected:
        db.session.add(AttemptEvent(attempt_id=attempt_id, kind="save_refused", key="items",
                                    data={"items": checked.rejected[:20]}, at=at))
    return True


_A = Attempt.__table__.c
_ADVANCE = (update(Attempt.__table__)
            .where(_A.id == bindparam("attempt_id"), _A.state == AttemptState.OPEN.value)
            .values(last_seq=case((_A.last_seq < bindparam("highest"), bindparam("highest")),
                                  else_=_A.last_seq),
                    last_save_at=bindparam("at")))


def _advance_attempt(attempt_id: int, items: list[SaveItem], at: datetime) -> bool:
    """Raise the attempt's highest sequence, only while it is still open."""
    params = {"attempt_id": attempt_id, "highest": max(item.seq for item in items), "at": at}
    return db.session.connection().execute(_ADVANCE, params).rowcount == 1


def _newest_per_key(items: list[SaveItem]) -> list[SaveItem]:
    newest: dict[str, SaveItem] = {}
    for item in items:
        if item.key not in newest or item.seq > newest[item.key].seq:
            newest[item.key] = item
    return list(newest.values())
