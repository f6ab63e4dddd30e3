"""Contest-day ceremony: the witnessed seat draw, two-person confirmations, appeals,
broadcasts to terminals, and long print jobs."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..db import UTCDateTime
from ..extensions import db


class SeatDraw(db.Model):
    """A commit–reveal seat draw: the commitment is shown before, the seed after."""

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contest.id"), index=True)
    #: "random" (computed from the seed) or "manual" (paper slips typed in).
    method: Mapped[str] = mapped_column(String(16))
    #: SHA-256 of the seed, published before the draw.
    commitment: Mapped[str] = mapped_column(String(64), default="")
    #: Kept secret until the draw is made, then shown and printed.
    seed: Mapped[str] = mapped_column(String(64), default="")
    #: Text read out in the room after the commitment (e.g. digits called by a witness).
    public_input: Mapped[str] = mapped_column(String(200), default="")
    #: Exam numbers in the draw and the seat labels offered, as drawn.
    exam_numbers: Mapped[list[str]] = mapped_column(JSON, default=list)
    seat_labels: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: exam number -> seat label.
    mapping: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    prepared_at: Mapped[datetime] = mapped_column(UTCDateTime)
    drawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    by_user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))


class Confirmation(db.Model):
    """One person's consent to a two-person action (unsealing the identities)."""

    __table_args__ = (UniqueConstraint("contest_id", "action", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contest.id"))
    action: Mapped[str] = mapped_column(String(32))
    role: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class Appeal(db.Model):
    """申诉: filed after a module is locked, decided by arbitration, approved by a second person."""

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("module_session.id"), index=True)
    seat_no: Mapped[str] = mapped_column(String(16))
    #: Who filed it (e.g. the team leader's name and role), as written on the form.
    filed_by: Mapped[str] = mapped_column(String(120))
    reason: Mapped[str] = mapped_column(Text)
    filed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_by_user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    #: "pending", "upheld" (a score change follows) or "rejected".
    state: Mapped[str] = mapped_column(String(16), default="pending")
    decision: Mapped[str] = mapped_column(Text, default="")
    decided_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Broadcast(db.Model):
    """A message from the proctor to every terminal of a contest, shown until acknowledged."""

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contest.id"), index=True)
    message: Mapped[str] = mapped_column(String(500))
    by_user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class BroadcastAck(db.Model):
    broadcast_id: Mapped[int] = mapped_column(ForeignKey("broadcast.id"), primary_key=True)
    contestant_id: Mapped[int] = mapped_column(ForeignKey("contestant.id"), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class PrintJob(db.Model):
    """A PDF made in the background (all result slips), with progress any worker can read."""

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contest.id"))
    kind: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(16), default="queued")
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    storage_key: Mapped[str] = mapped_column(String(255), default="")
    error: Mapped[str] = mapped_column(String(500), default="")
    by_user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
