"""SQLite writers queue on a lock file: one at a time, handed on at COMMIT or ROLLBACK, at
close, and by the kernel when the holder's process dies."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

from contest.config import add_engine_defaults
from contest.sqlite_writers import QueuedWriterConnection


def connect(path: Path) -> QueuedWriterConnection:
    connection = sqlite3.connect(path, factory=QueuedWriterConnection, isolation_level=None,
                                 check_same_thread=False)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE IF NOT EXISTS t (n INTEGER)")
    return connection


def write_in_thread(connection: QueuedWriterConnection, log: list[str], name: str
                    ) -> threading.Thread:
    def run() -> None:
        connection.queue_for_write()
        log.append(f"{name} in")
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT INTO t VALUES (2)")
        connection.commit()
        log.append(f"{name} done")

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_a_second_writer_waits_for_the_first_to_commit(tmp_path: Path) -> None:
    first, second = connect(tmp_path / "db"), connect(tmp_path / "db")
    log: list[str] = []
    first.queue_for_write()
    first.execute("BEGIN IMMEDIATE")
    first.execute("INSERT INTO t VALUES (1)")
    waiter = write_in_thread(second, log, "second")
    waiter.join(timeout=0.5)
    assert waiter.is_alive() and log == []      # queued, not failing, not sleeping in SQLite
    log.append("first commits")
    first.commit()
    waiter.join(timeout=10)
    assert log == ["first commits", "second in", "second done"]
    assert first.execute("SELECT count(*) FROM t").fetchone() == (2,)


def test_rollback_and_close_hand_the_lock_on(tmp_path: Path) -> None:
    first, second = connect(tmp_path / "db"), connect(tmp_path / "db")
    for give_back in (first.rollback, first.close):
        log: list[str] = []
        if give_back == first.close:
            first = connect(tmp_path / "db")
            give_back = first.close
        first.queue_for_write()
        first.execute("BEGIN IMMEDIATE")
        waiter = write_in_thread(second, log, "second")
        waiter.join(timeout=0.3)
        assert waiter.is_alive()
        give_back()
        waiter.join(timeout=10)
        assert log == ["second in", "second done"]


def test_a_killed_holder_never_leaves_the_lock_taken(tmp_path: Path) -> None:
    holder = (
        "import os, signal, sqlite3, sys\n"
        "from contest.sqlite_writers import QueuedWriterConnection\n"
        f"c = sqlite3.connect({str(tmp_path / 'db')!r}, factory=QueuedWriterConnection)\n"
        "c.queue_for_write()\n"
        "print('holding', flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n")
    connect(tmp_path / "db").close()
    result = subprocess.run([sys.executable, "-c", holder], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parent.parent, timeout=60)
    assert result.stdout == "holding\n" and result.returncode == -9
    log: list[str] = []
    waiter = write_in_thread(connect(tmp_path / "db"), log, "next")
    waiter.join(timeout=10)
    assert log == ["next in", "next done"]


def test_an_in_memory_database_has_no_queue() -> None:
    connection = sqlite3.connect(":memory:", factory=QueuedWriterConnection)
    connection.queue_for_write()   # nothing to wait for, nothing held
    assert connection._lock_fd is None and not connection._holding
    connection.close()


def test_sqlite_engines_use_the_queue() -> None:
    config = {"SQLALCHEMY_DATABASE_URI": "sqlite:////srv/contest.sqlite",
              "SQLALCHEMY_ENGINE_OPTIONS": {}}
    add_engine_defaults(config)
    assert config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"] == {
        "factory": QueuedWriterConnection}
