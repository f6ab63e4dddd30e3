"""The bare baseline: one Flask route doing one INSERT into the same SQLite file, with the same
durability settings as the contest app (WAL, synchronous=FULL, BEGIN IMMEDIATE)."""
from __future__ import annotations

import os
import sqlite3
import threading
import time

from flask import Flask, jsonify, request

_local = threading.local()


def _connection() -> sqlite3.Connection:
    if not hasattr(_local, "db"):
        db = sqlite3.connect(os.environ["BENCH_DB"], isolation_level=None,
                             check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA busy_timeout=15000")
        db.execute("CREATE TABLE IF NOT EXISTS bench_save (id INTEGER PRIMARY KEY, "
                   "terminal TEXT, body TEXT, received_at REAL)")
        _local.db = db
    return _local.db


def create_app() -> Flask:
    app = Flask(__name__)

    @app.post("/save")
    def save():
        db = _connection()
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO bench_save (terminal, body, received_at) VALUES (?, ?, ?)",
                   (request.headers.get("X-Terminal", ""), request.get_data(as_text=True),
                    time.time()))
        db.execute("COMMIT")
        return jsonify({"ok": True})

    return app
