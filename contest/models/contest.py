"""A contest and the module sessions it runs."""
from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import UTCDateTime
from ..extensions import db


class ContestMode(StrEnum):
    CONTEST = "contest"
    PRACTICE = "practice"

    @property
    def label(self) -> str:
        return {"contest": "正式比赛", "practice": "练习"}[self.value]


class Contest(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    held_on: Mapped[date | None]
    venue: Mapped[str] = mapped_column(String(120), default="")
    mode: Mapped[str] = mapped_column(String(16), default=ContestMode.CONTEST.value)
    #: Contest-wide settings (tie-break, award ratios...), a JSON object.
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: When identities were joined to the results (both confirmations given); None = sealed.
    unsealed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    sessions: Mapped[list["ModuleSession"]] = relationship(
        back_populates="contest", order_by="ModuleSession.position")


class SessionState(StrEnum):
    DRAFT = "draft"
    RUNNING = "running"
    PAUSED = "paused"
    ENDED = "ended"

    @property
    def label(self) -> str:
        return {"draft": "未开始", "running": "进行中", "paused": "已暂停",
                "ended": "已结束"}[self.value]


class ModuleSession(db.Model):
    """One contest module (知识测试, 听打录入 ...) sat by all contestants at the same time."""

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contest.id"), index=True)
    #: Registry key of the contest module, e.g. "quiz".
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(default=0)
    #: Share of the contest total (the weights of a contest normally add up to 100).
    weight: Mapped[float] = mapped_column(default=0.0)
    duration_s: Mapped[int]
    #: The module's own settings as edited by the organizer.
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: What the module froze at set-up (the assembled paper, answer keys). Never sent to terminals.
    #: Deferred: hot paths read it through services.content's per-process cache.
    content: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, deferred=True)
    #: Bumped whenever ``content`` changes (a corrected key), so cached copies are dropped.
    content_version: Mapped[int] = mapped_column(default=1, server_default="1")
    #: Secret seed of per-seat shuffles, recorded so a shuffle can be replayed.
    seed: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16), default=SessionState.DRAFT.value)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    paused_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Seconds spent paused before the current pause, summed.
    paused_total_s: Mapped[float] = mapped_column(default=0.0)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Optional wall-clock limit no attempt may pass (the room must be vacated).
    hard_end: Mapped[datetime | None] = mapped_column(UTCDateTime)
    notes: Mapped[str] = mapped_column(Text, default="")
    #: Set by the chief judge once every attempt is marked; later changes need an appeal.
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    locked_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    contest: Mapped[Contest] = relationship(back_populates="sessions")

    @property
    def state_enum(self) -> SessionState:
        return SessionState(self.state)
