"""A per-process cache of sessions' frozen content.

Content is written once at set-up and changes only with ``content_version``, so every worker
process can keep its parsed copy instead of decoding a whole paper on every autosave. The cache
belongs to the app, so two apps in one process (tests) never share copies.
"""
from __future__ import annotations

from collections import OrderedDict
from threading import Lock
from typing import Any, Mapping

from flask import current_app

from sqlalchemy import select

from ..extensions import db
from ..models import ModuleSession

_SIZE = 32
_LOCK = Lock()


def session_content(session: Any) -> Mapping[str, Any]:
    """The session's content; ``session`` may be a model or a row with id and content_version."""
    cache = _cache()
    key = (session.id, session.content_version)
    with _LOCK:
        if key in cache:
            cache.move_to_end(key)
            return cache[key]
    content = db.session.scalar(select(ModuleSession.content).where(
        ModuleSession.id == session.id))
    with _LOCK:
        cache[key] = content
        while len(cache) > _SIZE:
            cache.popitem(last=False)
    return content


def replace_content(session: ModuleSession, content: dict[str, Any]) -> None:
    """Change a session's frozen content (a corrected answer key) and retire cached copies."""
    session.content = content
    session.content_version += 1


def _cache() -> OrderedDict[tuple[int, int], Mapping[str, Any]]:
    return current_app.extensions.setdefault("contest.content_cache", OrderedDict())
