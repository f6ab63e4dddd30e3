"""Flask-Login's loader: staff ids look like "u:3", contestant ids like "c:17"."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import bindparam, select

from .extensions import db
from .models import Contestant, User

_C = Contestant.__table__.c
_CONTESTANT = select(_C.id, _C.contest_id, _C.seat_no, _C.terminal_id, _C.last_seen_at
                     ).where(_C.id == bindparam("id"))


@dataclass(frozen=True)
class SignedInContestant:
    """The contestant behind a terminal's request, read with one Core query: every autosave,
    status poll and lobby poll loads it, and an ORM instance cost about half a millisecond
    more per request. Read-only: a service that changes a contestant loads the model."""

    id: int
    contest_id: int
    seat_no: str | None
    terminal_id: str | None
    last_seen_at: datetime | None

    role: ClassVar[str] = "contestant"
    is_authenticated: ClassVar[bool] = True
    is_active: ClassVar[bool] = True
    is_anonymous: ClassVar[bool] = False

    def get_id(self) -> str:
        return f"c:{self.id}"

    @property
    def audit_name(self) -> str:
        return f"contestant:{self.id}"


def load_user(user_id: str) -> Any:
    kind, _, raw = user_id.partition(":")
    if not raw.isdigit():
        return None
    if kind == "c":
        row = db.session.execute(_CONTESTANT, {"id": int(raw)}).one_or_none()
        return SignedInContestant(*row) if row is not None else None
    return db.session.get(User, int(raw)) if kind == "u" else None
