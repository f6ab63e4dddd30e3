"""A contestant's attempt at a module session, and the append-only log of their answers."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import UTCDateTime
from ..extensions import db
from .contest import ModuleSession
from .contestant import Contestant


class AttemptState(StrEnum):
    OPEN = "open"
    SUBMITTED = "submitted"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {"open": "作答中", "submitted": "已交卷", "closed": "已收卷"}[self.value]


class Attempt(db.Model):
    __table_args__ = (UniqueConstraint("session_id", "contestant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("module_session.id"), index=True)
    contestant_id: Mapped[int] = mapped_column(ForeignKey("contestant.id"), index=True)
    #: Seat at the start, kept so judging never needs the contestant row.
    seat_no: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16), default=AttemptState.OPEN.value)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: Extra seconds granted to this seat (sum of its TimeCredit rows).
    credit_s: Mapped[int] = mapped_column(default=0)
    #: The session's paused seconds when this attempt started; later pauses extend it.
    pause_base_s: Mapped[float] = mapped_column(default=0.0)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    close_reason: Mapped[str] = mapped_column(String(32), default="")
    #: Per-seat presentation (question and option order), replayable for judges. Deferred,
    #: like ``results``: lobby polls and heartbeats load attempts without decoding either.
    variant: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, deferred=True)
    #: Highest client sequence number received, so a spare terminal continues above it.
    last_seq: Mapped[int] = mapped_column(default=0)
    #: Machine results as a list of ItemResult JSON objects, before overrides.
    results: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON, deferred=True)
    scored_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_save_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    session: Mapped[ModuleSession] = relationship()
    contestant: Mapped[Contestant] = relationship()

    @property
    def state_enum(self) -> AttemptState:
        return AttemptState(self.state)


class AnswerLog(db.Model):
    """Every answer save ever received; never updated, never deleted."""

    __table_args__ = (UniqueConstraint("attempt_id", "item_key", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id"))
    item_key: Mapped[str] = mapped_column(String(64))
    #: The terminal's sequence number for this change; the highest one is the current answer.
    seq: Mapped[int]
    value: Mapped[Any] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    terminal_id: Mapped[str] = mapped_column(String(64), default="")


class CurrentAnswer(db.Model):
    """The newest answer per item: a cache of AnswerLog kept in the same transaction."""

    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id"), primary_key=True)
    item_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    seq: Mapped[int]
    value: Mapped[Any] = mapped_column(JSON)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime)


class TimeCredit(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id"), index=True)
    seconds: Mapped[int]
    reason: Mapped[str] = mapped_column(String(200))
    by_user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class AttemptEvent(db.Model):
    """Things that happened to an attempt besides answers: plays, refused saves, uploads."""

    __table_args__ = (Index("ix_attempt_event_attempt_kind", "attempt_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id"))
    kind: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(64), default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
