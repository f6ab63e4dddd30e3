"""Close attempts whose time is up even when nobody is looking: a daemon thread per server
process, started with its first request (never in CLI commands or tests). Closing is
idempotent, so several processes sweeping at once is harmless."""
from __future__ import annotations

import threading
import time

from flask import Flask
from sqlalchemy import select

from .db import write_transaction
from .extensions import db
from .models import ModuleSession, SessionState

_started: set[int] = set()
_lock = threading.Lock()


def start_sweeper(app: Flask) -> None:
    interval = float(app.config.get("BACKGROUND_SWEEP_SECONDS") or 0)
    if interval <= 0 or app.testing:
        return
    with _lock:
        if id(app) in _started:
            return
        _started.add(id(app))
    threading.Thread(target=_loop, args=(app, interval), daemon=True,
                     name="attempt-sweeper").start()


def _loop(app: Flask, interval: float) -> None:
    while True:
        time.sleep(interval)
        try:
            with app.app_context():
                sweep_once()
        except Exception:  # noqa: BLE001 - keep sweeping; pages close attempts too
            app.logger.exception("attempt sweep failed")


def sweep_once() -> int:
    from .services.sessions import finish_if_due

    sessions = db.session.execute(select(ModuleSession.id).where(ModuleSession.state.in_(
        [SessionState.RUNNING.value, SessionState.ENDED.value]))).scalars().all()
    for session_id in sessions:
        with write_transaction():
            finish_if_due(db.session.get(ModuleSession, session_id))
    db.session.remove()
    return len(sessions)
