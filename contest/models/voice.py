"""语音情景: chunked uploads of recordings, and the blind judging of each recording."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..db import UTCDateTime
from ..extensions import db


class UploadState(StrEnum):
    OPEN = "open"
    COMPLETE = "complete"
    REFUSED = "refused"


class VoiceUpload(db.Model):
    """One take on its way from a terminal: chunks arrive in order into a staging folder; the
    whole take is checked against what the browser declared before it becomes a StoredFile."""

    __table_args__ = (UniqueConstraint("attempt_id", "take_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id"))
    #: "inbound", "outbound" or "repeat".
    recording: Mapped[str] = mapped_column(String(16))
    #: The browser's id of the take, so a resent start finds the same upload.
    take_id: Mapped[str] = mapped_column(String(64))
    declared_size: Mapped[int]
    declared_sha256: Mapped[str] = mapped_column(String(64))
    mime: Mapped[str] = mapped_column(String(100), default="")
    #: Chunks are accepted strictly in order: the index of the next one expected.
    next_chunk: Mapped[int] = mapped_column(default=0)
    bytes_received: Mapped[int] = mapped_column(default=0)
    state: Mapped[str] = mapped_column(String(16), default=UploadState.OPEN.value)
    #: Why the assembled take was refused (Chinese, shown to the contestant).
    refusal: Mapped[str] = mapped_column(String(200), default="")
    stored_file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_file.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class VoiceAssignment(db.Model):
    """A judge is to mark one recording in one round (0 = first marking, 1.. = re-marks)."""

    __table_args__ = (UniqueConstraint("attempt_id", "recording", "judge_id", "round"),
                      Index("ix_voice_assignment_judge", "judge_id", "session_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("module_session.id"))
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id"))
    recording: Mapped[str] = mapped_column(String(16))
    judge_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    round: Mapped[int] = mapped_column(default=0)
    #: Opaque id of (attempt, recording) in judges' URLs: it names neither seat nor attempt.
    review_id: Mapped[str] = mapped_column(String(32), index=True)
    #: The chief judge's reason for a re-mark round; empty for the first marking.
    reason: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class VoiceMark(db.Model):
    """A submitted mark sheet (JudgeMarks JSON). Append-only: a re-mark adds a round."""

    __table_args__ = (UniqueConstraint("attempt_id", "recording", "judge_id", "round"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id"), index=True)
    recording: Mapped[str] = mapped_column(String(16))
    judge_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    round: Mapped[int] = mapped_column(default=0)
    sheet: Mapped[dict[str, Any]] = mapped_column(JSON)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)


class VoicePin(db.Model):
    """A judge's comment pinned to a moment of a recording; private until they submit."""

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id"), index=True)
    recording: Mapped[str] = mapped_column(String(16))
    judge_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    at_s: Mapped[float]
    text: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
