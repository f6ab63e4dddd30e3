"""The autosave hot path: every terminal calls it every few seconds, so it reads with two
cached Core queries instead of loading ORM objects (measured in ``make bench``)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import Row, bindparam, select

from ..extensions import db
from ..models import Attempt, ModuleSession
from ..modules import AttemptView

# Table columns, not ORM attributes: Core statements skip the ORM's per-call processing.
_A = Attempt.__table__.c
_S = ModuleSession.__table__.c
_ATTEMPT = select(_A.id, _A.contestant_id, _A.session_id, _A.seat_no, _A.state, _A.started_at,
                  _A.credit_s, _A.pause_base_s, _A.last_seq).where(_A.id == bindparam("id"))
_SESSION = select(_S.id, _S.kind, _S.state, _S.duration_s, _S.paused_since, _S.paused_total_s,
                  _S.ended_at, _S.hard_end, _S.content_version, _S.settings
                  ).where(_S.id == bindparam("id"))


def attempt_for_save(attempt_id: int, contestant_id: int) -> tuple[Row, Row] | None:
    """The contestant's own attempt and its session as rows; None for anybody else's."""
    connection = db.session.connection()
    attempt = connection.execute(_ATTEMPT, {"id": attempt_id}).one_or_none()
    if attempt is None or attempt.contestant_id != contestant_id:
        return None
    session = connection.execute(_SESSION, {"id": attempt.session_id}).one()
    return attempt, session


def view_for_checking(attempt: Any, session: Any, content: Any) -> AttemptView:
    """Enough of the attempt to check saved values: no variant, no answers."""
    return AttemptView(attempt_id=attempt.id, seat_no=attempt.seat_no,
                       settings=session.settings, content=content, variant={})
