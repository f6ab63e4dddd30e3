"""Flask-Login's loader: staff ids look like "u:3", contestant ids like "c:17"."""
from __future__ import annotations

from typing import Any

from .extensions import db
from .models import Contestant, User


def load_user(user_id: str) -> Any:
    kind, _, raw = user_id.partition(":")
    if not raw.isdigit():
        return None
    model = {"u": User, "c": Contestant}.get(kind)
    return db.session.get(model, int(raw)) if model else None
