"""Files handed in with an attempt: workbooks, reports, recordings."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import UTCDateTime
from ..extensions import db


class StoredFile(db.Model):
    """One accepted file. Append-only: a re-upload adds a row, the newest per slot counts."""

    __table_args__ = (Index("ix_stored_file_attempt_slot", "attempt_id", "slot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id"))
    #: What the file is for within the module, e.g. "xlsx", "docx", "recording:inbound".
    slot: Mapped[str] = mapped_column(String(64))
    #: The name on the contestant's computer, shown back to them; never shown to judges.
    original_name: Mapped[str] = mapped_column(String(255), default="")
    mime: Mapped[str] = mapped_column(String(100), default="application/octet-stream")
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    #: Where the storage seam keeps the bytes (content-addressed).
    storage_key: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: Module-specific facts: duration of a recording, check summary of a workbook...
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
