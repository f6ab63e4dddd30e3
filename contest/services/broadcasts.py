"""Messages from the proctor to every terminal, shown until each contestant acknowledges."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select

from .. import clock
from ..extensions import db
from ..models import Broadcast, BroadcastAck, Contest, Contestant, User
from . import audit


class BroadcastRefused(Exception):
    pass


def send_broadcast(contest: Contest, message: str, user: User) -> Broadcast:
    message = message.strip()
    if not message:
        raise BroadcastRefused("通知内容不能为空")
    broadcast = Broadcast(contest_id=contest.id, message=message[:500], by_user_id=user.id,
                          at=clock.now())
    db.session.add(broadcast)
    db.session.flush()
    audit.record(user.audit_name, "broadcast.send", f"contest:{contest.id}", message=message)
    return broadcast


def unacknowledged(contestant: Contestant) -> list[dict[str, Any]]:
    acked = select(BroadcastAck.broadcast_id).where(BroadcastAck.contestant_id == contestant.id)
    rows = db.session.execute(select(Broadcast).where(
        Broadcast.contest_id == contestant.contest_id, Broadcast.id.not_in(acked))
        .order_by(Broadcast.id)).scalars()
    return [{"id": b.id, "message": b.message, "at_ms": clock.epoch_ms(b.at)} for b in rows]


def acknowledge(contestant: Contestant, broadcast_id: int) -> bool:
    broadcast = db.session.get(Broadcast, broadcast_id)
    if broadcast is None or broadcast.contest_id != contestant.contest_id:
        return False
    if db.session.get(BroadcastAck, (broadcast_id, contestant.id)) is None:
        db.session.add(BroadcastAck(broadcast_id=broadcast_id, contestant_id=contestant.id,
                                    at=clock.now()))
    return True


def acknowledgement_counts(contest: Contest) -> list[tuple[Broadcast, int]]:
    broadcasts = db.session.execute(select(Broadcast).where(
        Broadcast.contest_id == contest.id).order_by(Broadcast.id.desc())).scalars().all()
    return [(b, db.session.query(BroadcastAck).filter_by(broadcast_id=b.id).count())
            for b in broadcasts]
