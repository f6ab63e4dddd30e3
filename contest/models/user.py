"""Staff accounts and login throttling."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import UTCDateTime
from ..passwords import hash_secret, secret_matches
from ..extensions import db


class Role(StrEnum):
    ORGANIZER = "organizer"
    CHIEF_JUDGE = "chief_judge"
    JUDGE = "judge"
    CONTESTANT = "contestant"

    @property
    def label(self) -> str:
        return {"organizer": "赛务(加密裁判)", "chief_judge": "裁判长", "judge": "评委",
                "contestant": "选手"}[self.value]


class User(UserMixin, db.Model):
    """A member of staff: organizer, chief judge or judge."""

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Login name, unique across all staff.
    username: Mapped[str] = mapped_column(String(64), unique=True)
    #: Shown in the header and in the audit log.
    display_name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return f"u:{self.id}"

    def set_password(self, password: str) -> None:
        self.password_hash = hash_secret(password)

    def check_password(self, password: str) -> bool:
        return secret_matches(self.password_hash, password)

    @property
    def audit_name(self) -> str:
        return f"{self.role}:{self.username}"


class LoginThrottle(db.Model):
    """Failed logins per key ("account:<name>" or "address:<ip>") within a window."""

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
