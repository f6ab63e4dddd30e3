"""The audit log, newest first, with the chain's verdict."""
from __future__ import annotations

from typing import Any

from flask import render_template, request
from sqlalchemy import select

from ..access import ORGANIZER, allow
from ..extensions import db
from ..hardening import database_int
from ..models import AuditEntry
from ..services.audit import verify_chain
from . import bp

PAGE = 100


@bp.route("/audit")
@allow(ORGANIZER)
def audit_log() -> Any:
    before = request.args.get("before", type=database_int)
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(PAGE)
    if before:
        query = query.where(AuditEntry.id < before)
    entries = db.session.execute(query).scalars().all()
    return render_template("organizer/audit.html", entries=entries, verdict=verify_chain(),
                           next_before=entries[-1].id if len(entries) == PAGE else None)
