"""Contestants. Their identity fields are sealed: judge-facing code works with seat numbers."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..db import UTCDateTime
from ..passwords import hash_secret, secret_matches
from ..extensions import db


class ContestantStatus(StrEnum):
    REGISTERED = "registered"
    PRESENT = "present"
    ABSENT = "absent"
    DISQUALIFIED = "disqualified"

    @property
    def label(self) -> str:
        return {"registered": "未检录", "present": "已检录", "absent": "缺考",
                "disqualified": "取消资格"}[self.value]


class Contestant(UserMixin, db.Model):
    __table_args__ = (
        UniqueConstraint("contest_id", "exam_no"),
        UniqueConstraint("contest_id", "seat_no"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contest.id"), index=True)
    #: 准考证号 / login name of the terminal. Sealed.
    exam_no: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(64))
    school: Mapped[str] = mapped_column(String(120), default="")
    gender: Mapped[str] = mapped_column(String(4), default="", server_default="")
    #: 身份证号, validated with its check character on import. Sealed.
    id_number: Mapped[str] = mapped_column(String(18), default="", server_default="")
    #: 指导教师 and a contact phone number, for the roster and award list.
    teacher: Mapped[str] = mapped_column(String(64), default="", server_default="")
    phone: Mapped[str] = mapped_column(String(32), default="", server_default="")
    pin_hash: Mapped[str] = mapped_column(String(256))
    status: Mapped[str] = mapped_column(String(16), default=ContestantStatus.REGISTERED.value)
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: 赛位号, the only identity judges ever see.
    seat_no: Mapped[str | None] = mapped_column(String(16))
    #: The terminal this contestant is bound to; another terminal is refused until released.
    terminal_id: Mapped[str | None] = mapped_column(String(64))
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    #: Lets access checks treat contestants and staff alike.
    role = "contestant"

    def get_id(self) -> str:
        return f"c:{self.id}"

    @property
    def status_enum(self) -> ContestantStatus:
        return ContestantStatus(self.status)

    @property
    def is_checked_in(self) -> bool:
        return self.status == ContestantStatus.PRESENT

    def set_pin(self, pin: str) -> None:
        self.pin_hash = hash_secret(pin)

    def check_pin(self, pin: str) -> bool:
        return secret_matches(self.pin_hash, pin)

    @property
    def audit_name(self) -> str:
        return f"contestant:{self.id}"
