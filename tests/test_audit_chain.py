"""The audit chain verifies when intact and names the first changed or removed row."""
from __future__ import annotations

from sqlalchemy import delete, update

from contest.extensions import db
from contest.models import AuditEntry
from contest.services import audit


def write_entries(count: int) -> None:
    for n in range(count):
        audit.record("test", "thing.happened", f"thing:{n}", n=n)
    db.session.commit()


def test_intact_chain_verifies(ctx, runner):
    write_entries(5)
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and "已校验 5 条" in result.output


def test_changed_row_is_named(ctx, runner):
    write_entries(5)
    db.session.execute(update(AuditEntry).where(AuditEntry.id == 3).values(actor="someone else"))
    db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and "#3" in result.output


def test_removed_row_is_named(ctx, runner):
    write_entries(5)
    db.session.execute(delete(AuditEntry).where(AuditEntry.id == 2))
    db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and "#2" in result.output


def test_removed_last_row_is_detected(ctx, runner):
    write_entries(4)
    db.session.execute(delete(AuditEntry).where(AuditEntry.id == 4))
    db.session.commit()
    verdict = audit.verify_chain()
    assert not verdict.ok and verdict.first_bad_id == 4


def test_rehashed_forgery_breaks_the_link_to_the_next_row(ctx):
    write_entries(3)
    forged = db.session.get(AuditEntry, 2)
    forged.details = {"n": 99}
    forged.hash = audit.entry_hash(forged)
    db.session.commit()
    verdict = audit.verify_chain()
    assert not verdict.ok and verdict.first_bad_id == 3


def test_backup_copies_a_consistent_database(ctx, runner, tmp_path):
    import sqlite3

    write_entries(3)
    result = runner.invoke(args=["backup", str(tmp_path / "bk")])
    if db.engine.url.get_backend_name() != "sqlite":
        assert result.exit_code == 1 and "pg_dump" in result.output
        return
    assert result.exit_code == 0, result.output
    copy = sqlite3.connect(tmp_path / "bk" / "contest.sqlite")
    assert copy.execute("select count(*) from audit_entry").fetchone() == (3,)
