"""Find the logged-in contestant's own attempt; anything else is refused the same way."""
from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import Row, and_, select
from sqlalchemy.orm import joinedload
from werkzeug.exceptions import Conflict

from .. import clock
from ..extensions import db
from ..models import Attempt, ModuleSession
from ..services.timing import has_begun

NOT_STARTED = "本场比赛尚未开考,请在候考区等待,开考时会自动进入"


class NotStarted(Conflict):
    """A request about an attempt whose start countdown is still running."""

    description = NOT_STARTED


def own_attempt(attempt_id: int, kind: str | None = None, begun: bool = True) -> Attempt:
    """404 for a foreign or unknown id alike, and for an attempt of another module ``kind``:
    the answer never tells which ids exist. NotStarted during the start's countdown, unless
    ``begun`` is False."""
    attempt = db.session.get(Attempt, attempt_id, options=[joinedload(Attempt.session)])
    if attempt is None or attempt.contestant_id != current_user.id:
        abort(404)
    if kind is not None and attempt.session.kind != kind:
        abort(404)
    if begun and not has_begun(attempt, clock.now()):
        raise NotStarted()
    return attempt


def attempts_of_current_contestant() -> list[tuple[ModuleSession, Attempt | None]]:
    sessions = db.session.execute(select(ModuleSession).where(
        ModuleSession.contest_id == current_user.contest_id).order_by(
        ModuleSession.position)).scalars().all()
    attempts = {a.session_id: a for a in db.session.execute(select(Attempt).where(
        Attempt.contestant_id == current_user.id)).scalars()}
    return [(session, attempts.get(session.id)) for session in sessions]


_S, _A = ModuleSession.__table__.c, Attempt.__table__.c


def lobby_rows() -> list[Row]:
    """What the lobby poll needs of each session of the contestant's contest, with the
    contestant's attempt if any, in one Core query: 300 terminals poll every two seconds."""
    return db.session.execute(
        select(_S.id, _S.title, _S.state, _A.id.label("attempt_id"),
               _A.state.label("attempt_state"), _A.started_at)
        .select_from(ModuleSession.__table__.outerjoin(Attempt.__table__, and_(
            _A.session_id == _S.id, _A.contestant_id == current_user.id)))
        .where(_S.contest_id == current_user.contest_id).order_by(_S.position)).all()
