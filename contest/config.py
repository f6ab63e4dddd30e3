"""Default settings. An instance overrides them in ``instance/config.py`` or with
``CONTEST_*`` environment variables (``CONTEST_SQLALCHEMY_DATABASE_URI`` and so on)."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from .sqlite_writers import QueuedWriterConnection


def default_settings(instance_path: str) -> dict:
    return {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(instance_path) / 'contest.sqlite'}",
        "SQLALCHEMY_ENGINE_OPTIONS": {},
        "MAX_CONTENT_LENGTH": 32 * 1024 * 1024,
        # An exam page stays open for the whole module; a token that expired after an hour
        # would turn the last saves of a long module into CSRF failures.
        "WTF_CSRF_TIME_LIMIT": None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        #: Served over HTTPS (directly or behind a TLS proxy): CONTEST_SESSION_COOKIE_SECURE=true
        #: marks the session and terminal cookies Secure. Off by default: plain-http LANs.
        "SESSION_COOKIE_SECURE": False,
        "STORAGE_DIR": str(Path(instance_path) / "files"),
        #: The organizer's start opens the questions on every terminal this many seconds later
        #: (the lobbies poll every 2 s, so all of them know the instant before it comes).
        "START_COUNTDOWN_SECONDS": 10,
        #: Seconds after a deadline (or a pause) during which in-flight saves are still taken.
        "SAVE_GRACE_SECONDS": 5,
        #: Each server process closes expired attempts this often (seconds; 0 = only on view).
        "BACKGROUND_SWEEP_SECONDS": 10,
        #: Decode handed-in recordings in a helper process of lower CPU priority (False: in the
        #: request, as a fallback does when the helper cannot run).
        "VOICE_PROBE_IN_HELPER": True,
        #: Requests other than autosaves, heartbeats and lobby polls run this many at a time
        #: in each server process; the others wait for a slot, attempt pages first
        #: (contest.lanes). 0: no gate.
        "BUSY_LANE_SLOTS": 1,
        #: Largest accepted answer-save request body, in bytes.
        "MAX_SAVE_BYTES": 256 * 1024,
        #: Login throttling: failures allowed per account / per address within the window.
        "LOGIN_MAX_FAILURES": 5,
        "LOGIN_MAX_FAILURES_PER_ADDRESS": 50,
        "LOGIN_WINDOW_SECONDS": 600,
        "LOGIN_LOCK_SECONDS": 300,
        #: Extra question-bank folders (teachers' imports land in the first one).
        "QUESTION_BANK_DIRS": [str(Path(instance_path) / "question_bank")],
    }


def add_engine_defaults(config: dict) -> None:
    """A network database may drop idle connections (a restart, a failover): each connection is
    tested as it leaves the pool. A SQLite file cannot go away under an open connection, and
    the test was one more statement in every transaction of every autosave; its writers queue
    instead (contest.sqlite_writers)."""
    options = config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {})
    if str(config["SQLALCHEMY_DATABASE_URI"]).startswith("sqlite"):
        options.setdefault("connect_args", {}).setdefault("factory", QueuedWriterConnection)
    else:
        options.setdefault("pool_pre_ping", True)


def load_secret_key(instance_path: str) -> str:
    """Read the instance's secret key, creating it once; every worker process shares it."""
    path = Path(instance_path) / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    Path(instance_path).mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key
