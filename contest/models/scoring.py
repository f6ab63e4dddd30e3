"""Judges' corrections of machine results."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import UTCDateTime
from ..extensions import db


class ItemOverride(db.Model):
    """A judge's new value for one item; the newest per (attempt, item) counts. Append-only."""

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id"), index=True)
    item_key: Mapped[str] = mapped_column(String(64))
    points: Mapped[float]
    previous_points: Mapped[float]
    reason: Mapped[str] = mapped_column(String(500))
    by_user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: The chief judge's second signature, when the contest requires one; None = pending.
    approved_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The upheld appeal that allowed a change after the module was locked.
    appeal_id: Mapped[int | None] = mapped_column(ForeignKey("appeal.id"))
