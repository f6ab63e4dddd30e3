"""One queue for SQLite writers, across the threads and processes of a server.

SQLite lets one writer in at a time. The others wait in its busy handler, which sleeps 1, 2, 5,
… up to 100 ms between tries, in no order: in a burst of saves a waiter can sleep through many
moments when the database was free, and save latency grew tails of seconds in the 300-terminal
rehearsal. Writers therefore first queue on an flock(2) of a file next to the database: the
kernel hands the lock to a waiter the moment it is released. The lock is taken just before
BEGIN IMMEDIATE and given back after COMMIT or ROLLBACK, or when the connection closes (and by
the kernel when a process dies, so a killed worker never leaves it taken).

Writers that do not queue (a CLI command, another tool) still meet SQLite's own lock and busy
timeout, exactly as before; the queue only orders the writers that use it.
"""
from __future__ import annotations

import fcntl
import os
import sqlite3
from typing import Any


class QueuedWriterConnection(sqlite3.Connection):
    """A sqlite3 connection holding its own handle on the database's writer lock file."""

    def __init__(self, database: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(database, *args, **kwargs)
        self._lock_fd = _open_lock_file(database)
        self._holding = False

    def queue_for_write(self) -> None:
        """Block until this connection is the only queued writer."""
        if self._lock_fd is not None and not self._holding:
            fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
            self._holding = True

    def leave_queue(self) -> None:
        if self._holding:
            self._holding = False
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self.leave_queue()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self.leave_queue()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.leave_queue()
            if self._lock_fd is not None:
                os.close(self._lock_fd)
                self._lock_fd = None


def _open_lock_file(database: Any) -> int | None:
    """The lock file beside a database file; None for an in-memory database."""
    name = os.fspath(database)
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    return os.open(name + ".writers", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)


def queue_for_write(dbapi_connection: Any) -> None:
    if isinstance(dbapi_connection, QueuedWriterConnection):
        dbapi_connection.queue_for_write()


def leave_queue(dbapi_connection: Any) -> None:
    if isinstance(dbapi_connection, QueuedWriterConnection):
        dbapi_connection.leave_queue()
