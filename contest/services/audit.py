"""Append to and verify the hash-chained audit log."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from .. import clock
from ..extensions import db
from ..models import AuditEntry, AuditHead

GENESIS_HASH = "0" * 64


def record(actor: str, action: str, target: str = "", **details: Any) -> AuditEntry:
    """Append one entry; the caller's transaction commits it together with the change."""
    head = _locked_head()
    entry = AuditEntry(
        id=head.last_id + 1, at=clock.now(), actor=actor, action=action, target=target,
        details=details, prev_hash=head.last_hash)
    entry.hash = entry_hash(entry)
    head.last_id, head.last_hash = entry.id, entry.hash
    db.session.add(entry)
    return entry


def entry_hash(entry: AuditEntry) -> str:
    payload = json.dumps(
        [entry.id, entry.at.isoformat(), entry.actor, entry.action, entry.target,
         entry.details, entry.prev_hash],
        sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _locked_head() -> AuditHead:
    head = db.session.execute(
        select(AuditHead).where(AuditHead.id == 1).with_for_update()).scalar_one_or_none()
    if head is None:
        head = AuditHead(id=1, last_id=0, last_hash=GENESIS_HASH)
        db.session.add(head)
        db.session.flush()
    return head


@dataclass(frozen=True)
class ChainVerdict:
    ok: bool
    checked: int
    first_bad_id: int | None = None
    message: str = ""


def verify_chain(batch: int = 2000) -> ChainVerdict:
    """Recompute every hash in order; name the first row that was changed or is missing."""
    expected_id, prev_hash, checked = 1, GENESIS_HASH, 0
    rows = db.session.execute(select(AuditEntry).order_by(AuditEntry.id).execution_options(
        yield_per=batch)).scalars()
    for entry in rows:
        problem = _row_problem(entry, expected_id, prev_hash)
        if problem:
            return ChainVerdict(False, checked, min(entry.id, expected_id), problem)
        expected_id, prev_hash, checked = entry.id + 1, entry.hash, checked + 1
    head = db.session.get(AuditHead, 1)
    if head is not None and (head.last_id != expected_id - 1 or head.last_hash != prev_hash):
        message = f"链尾不符:记录止于 #{expected_id - 1},链头指向 #{head.last_id}(末尾记录被删除?)"
        return ChainVerdict(False, checked, expected_id, message)
    return ChainVerdict(True, checked)


def _row_problem(entry: AuditEntry, expected_id: int, prev_hash: str) -> str:
    if entry.id != expected_id:
        return f"缺少记录 #{expected_id}(被删除?)"
    if entry.prev_hash != prev_hash:
        return f"记录 #{entry.id} 的前序哈希与上一条不符"
    if entry_hash(entry) != entry.hash:
        return f"记录 #{entry.id} 的内容已被改动(哈希不符)"
    return ""
