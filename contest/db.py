"""Database plumbing shared by every model and service: a UTC timestamp type, SQLite settings
that make concurrent writers safe, and a dialect-neutral upsert."""
from __future__ import annotations

import contextvars
import sqlite3
from contextlib import contextmanager
from functools import lru_cache
from datetime import datetime, timezone
from typing import Any, Iterator

from sqlalchemy import DateTime, bindparam, event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql.base import PGDialect
from sqlalchemy.dialects.sqlite.base import SQLiteDialect
from sqlalchemy.engine import Engine
from sqlalchemy.sql.elements import TextClause
from sqlalchemy.types import TypeDecorator

from .extensions import db
from .sqlite_writers import leave_queue, queue_for_write

#: Whether the next transaction on this context intends to write. SQLite lets many readers run
#: in parallel but a deferred transaction that reads and then writes fails at once when another
#: writer committed in between; writers therefore start with BEGIN IMMEDIATE and queue instead.
_write_intent: contextvars.ContextVar[bool] = contextvars.ContextVar("write_intent", default=True)


class UTCDateTime(TypeDecorator):
    """Stores naive UTC, returns aware UTC, on every backend."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=timezone.utc)


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, see _begin
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # FULL: an acknowledged save must survive a power cut, not only a process crash.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


@event.listens_for(Engine, "begin")
def _begin(connection: Any) -> None:
    if connection.dialect.name != "sqlite":
        return
    if not _write_intent.get():
        connection.exec_driver_sql("BEGIN")
        return
    dbapi_connection = connection.connection.dbapi_connection
    queue_for_write(dbapi_connection)
    try:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    except BaseException:
        leave_queue(dbapi_connection)
        raise


def set_read_only_request(read_only: bool) -> None:
    _write_intent.set(not read_only)


@contextmanager
def write_transaction() -> Iterator[None]:
    """Run a write from a read-only request (a GET that finalises an expired attempt)."""
    db.session.commit()
    token = _write_intent.set(True)
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    finally:
        _write_intent.reset(token)


def insert_ignoring_duplicates(table: Any, rows: list[dict], index_elements: list[str]) -> None:
    """INSERT rows, silently skipping those that hit the unique index (a repeated send)."""
    if rows:
        stmt = _insert_ignoring(_dialect(), table, tuple(index_elements), tuple(sorted(rows[0])))
        db.session.connection().execute(stmt, rows)


def upsert_newer(table: Any, row: dict, index_elements: list[str], order_column: str) -> None:
    """INSERT a row, or UPDATE the existing one only when ``order_column`` grows."""
    stmt = _upsert_newer(_dialect(), table, tuple(index_elements), order_column,
                         tuple(sorted(row)))
    db.session.connection().execute(stmt, row)


# SQLAlchemy's dialect INSERTs with ON CONFLICT have no cache key, so every execution would
# compile the statement again (0.7 ms of a 3 ms autosave). Each shape is compiled once here into
# a typed text() clause, which the compiled cache then serves.
@lru_cache(maxsize=64)
def _insert_ignoring(dialect: str, table: Any, index_elements: tuple[str, ...],
                     columns: tuple[str, ...]) -> TextClause:
    stmt = _insert(dialect, table).on_conflict_do_nothing(index_elements=list(index_elements))
    return _precompiled(dialect, table, stmt, columns)


@lru_cache(maxsize=64)
def _upsert_newer(dialect: str, table: Any, index_elements: tuple[str, ...], order_column: str,
                  columns: tuple[str, ...]) -> TextClause:
    stmt = _insert(dialect, table)
    update = {k: stmt.excluded[k] for k in columns if k not in index_elements}
    stmt = stmt.on_conflict_do_update(index_elements=list(index_elements), set_=update,
                                      where=table.c[order_column] < stmt.excluded[order_column])
    return _precompiled(dialect, table, stmt, columns)


def _precompiled(dialect: str, table: Any, stmt: Any, columns: tuple[str, ...]) -> TextClause:
    """``stmt`` as SQL with one ``:column`` parameter per column, bound with the column's type
    (JSON, UTC timestamps) as the original statement would."""
    named = (PGDialect if dialect == "postgresql" else SQLiteDialect)(paramstyle="named")
    sql = str(stmt.compile(dialect=named, column_keys=list(columns)))
    # PostgreSQL casts (":value::JSON") would read as parameters in text(): escape them.
    typed = [bindparam(c, type_=table.c[c].type) for c in columns]
    return text(sql.replace("::", r"\:\:")).bindparams(*typed)


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def _insert(dialect: str, table: Any) -> Any:
    """inline(): no "RETURNING id" nobody would read."""
    return (postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)).inline()
