"""抽签: a commit–reveal random draw of seat numbers, or paper slips typed in."""
from __future__ import annotations

from typing import Mapping

from sqlalchemy import select, update

from scoring.seat_draw import (DrawVerification, draw_seats, new_seed, normalise_seat_label,
                               seat_labels, seed_commitment, validate_manual_seats, verify_draw)

from .. import clock
from ..extensions import db
from ..models import Attempt, Contest, Contestant, ContestantStatus, ModuleSession, SeatDraw, User
from . import audit


class DrawRefused(Exception):
    """Why the draw cannot be made now, in Chinese."""


def present_contestants(contest: Contest) -> list[Contestant]:
    return list(db.session.execute(select(Contestant).where(
        Contestant.contest_id == contest.id,
        Contestant.status == ContestantStatus.PRESENT.value)).scalars())


def pending_draw(contest: Contest) -> SeatDraw | None:
    return db.session.execute(select(SeatDraw).where(
        SeatDraw.contest_id == contest.id, SeatDraw.drawn_at.is_(None))).scalar_one_or_none()


def latest_draw(contest: Contest) -> SeatDraw | None:
    return db.session.execute(select(SeatDraw).where(
        SeatDraw.contest_id == contest.id, SeatDraw.drawn_at.is_not(None))
        .order_by(SeatDraw.id.desc()).limit(1)).scalar_one_or_none()


def prepare_draw(contest: Contest, user: User) -> SeatDraw:
    """Make the secret seed and publish its commitment (shown and printed before the draw)."""
    _refuse_if_started(contest)
    existing = pending_draw(contest)
    if existing is not None:
        return existing
    seed = new_seed()
    draw = SeatDraw(contest_id=contest.id, method="random", seed=seed,
                    commitment=seed_commitment(seed), prepared_at=clock.now(), by_user_id=user.id)
    db.session.add(draw)
    db.session.flush()
    audit.record(user.audit_name, "draw.prepare", f"contest:{contest.id}",
                 commitment=draw.commitment)
    return draw


def execute_draw(draw: SeatDraw, public_input: str, user: User) -> dict[str, str]:
    """Draw seats for everyone checked in; the seed is revealed from now on."""
    contest = db.session.get(Contest, draw.contest_id)
    _refuse_if_started(contest)
    people = present_contestants(contest)
    if not people:
        raise DrawRefused("没有已检录的选手")
    exam_numbers = [person.exam_no for person in people]
    labels = seat_labels(len(people))
    mapping = draw_seats(draw.seed, exam_numbers, labels, public_input=public_input.strip())
    draw.public_input = public_input.strip()
    draw.exam_numbers, draw.seat_labels, draw.mapping = exam_numbers, labels, mapping
    draw.drawn_at = clock.now()
    _assign(contest, people, mapping)
    audit.record(user.audit_name, "draw.execute", f"contest:{contest.id}", seed=draw.seed,
                 commitment=draw.commitment, public_input=draw.public_input, mapping=mapping)
    return mapping


def manual_draw(contest: Contest, typed: Mapping[str, str], user: User) -> dict[str, str]:
    """Seats drawn from paper slips, typed in by exam number; all checked or nothing stored."""
    _refuse_if_started(contest)
    people = present_contestants(contest)
    labels = seat_labels(len(people))
    mapping = {exam: normalise_seat_label(seat) for exam, seat in typed.items()}
    errors = validate_manual_seats(mapping, labels, [p.exam_no for p in people])
    if errors:
        raise DrawRefused(";".join(errors[:10]))
    draw = SeatDraw(contest_id=contest.id, method="manual", exam_numbers=sorted(mapping),
                    seat_labels=labels, mapping=mapping, prepared_at=clock.now(),
                    drawn_at=clock.now(), by_user_id=user.id)
    db.session.add(draw)
    _assign(contest, people, mapping)
    audit.record(user.audit_name, "draw.manual", f"contest:{contest.id}", mapping=mapping)
    return mapping


def verify(draw: SeatDraw) -> DrawVerification:
    """Recompute the draw from its revealed seed and compare with the seats in use."""
    if draw.method != "random":
        return DrawVerification(False, "手工抽签没有种子,无法重算;请核对纸质签条")
    result = verify_draw(draw.seed, draw.commitment, draw.exam_numbers, draw.seat_labels,
                         draw.mapping, public_input=draw.public_input)
    if not result.ok:
        return result
    seats = dict(db.session.execute(select(Contestant.exam_no, Contestant.seat_no).where(
        Contestant.contest_id == draw.contest_id, Contestant.exam_no.in_(draw.exam_numbers))).all())
    moved = sorted(exam for exam, seat in draw.mapping.items() if seats.get(exam) != seat)
    if moved:
        return DrawVerification(False, f"选手 {moved[0]} 当前的赛位与抽签结果不一致")
    return result


def _assign(contest: Contest, people: list[Contestant], mapping: Mapping[str, str]) -> None:
    # Clear every seat first: the unique (contest, seat) index must hold after each row.
    db.session.execute(update(Contestant).where(Contestant.contest_id == contest.id)
                       .values(seat_no=None).execution_options(synchronize_session="fetch"))
    db.session.flush()
    for person in people:
        person.seat_no = mapping[person.exam_no]
    db.session.flush()


def _refuse_if_started(contest: Contest) -> None:
    started = db.session.scalar(select(Attempt.id).join(
        ModuleSession, Attempt.session_id == ModuleSession.id).where(
        ModuleSession.contest_id == contest.id).limit(1))
    if started:
        raise DrawRefused("已有场次开考,不能再抽签或改动赛位")
