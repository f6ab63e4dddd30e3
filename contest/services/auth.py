"""Who may log in: credentials, one terminal per contestant, and throttling of failures."""
from __future__ import annotations

from datetime import timedelta
from typing import NoReturn

from flask import current_app
from sqlalchemy import select, update

from .. import clock
from ..db import write_transaction
from ..extensions import db
from ..models import Contest, Contestant, LoginThrottle, User
from . import audit


class LoginRefused(Exception):
    """A Chinese message for the person at the login form."""


def authenticate_staff(username: str, password: str, address: str) -> User:
    keys = [f"account:staff:{username.lower()}", f"address:{address}"]
    _refuse_if_locked(keys)
    user = db.session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if user is None or not user.active or not user.check_password(password):
        _refuse(keys, f"anonymous@{address}", f"staff:{username[:40]}", "用户名或密码错误")
    with write_transaction():
        _clear(keys[0])
        audit.record(user.audit_name, "login.staff", address=address)
    return user


def authenticate_contestant(contest: Contest, exam_no: str, pin: str, terminal_id: str,
                            address: str) -> Contestant:
    """Checks the PIN while only reading: a slow hash (scrypt, tens of milliseconds) must not
    hold the database's write lock that every autosave waits for. The terminal is bound in
    one short write that looks at the binding again, so two terminals logging in at once
    cannot both win."""
    keys = [f"account:contestant:{contest.id}:{exam_no}", f"address:{address}"]
    _refuse_if_locked(keys)
    contestant = db.session.execute(select(Contestant).where(
        Contestant.contest_id == contest.id, Contestant.exam_no == exam_no)).scalar_one_or_none()
    if contestant is None or not contestant.check_pin(pin):
        _refuse(keys, f"anonymous@{address}", f"contestant:{exam_no[:32]}",
                "准考证号或登录密码错误")
    contestant_id, name = contestant.id, contestant.audit_name
    with write_transaction():
        bound = db.session.scalar(select(Contestant.terminal_id).where(
            Contestant.id == contestant_id).with_for_update())
        if bound and bound != terminal_id:
            audit.record(name, "login.refused_second_terminal", address=address)
            refused = True
        else:
            refused = False
            _clear(keys[0])
            db.session.execute(update(Contestant).where(Contestant.id == contestant_id)
                               .values(terminal_id=terminal_id))
            audit.record(name, "login.contestant", address=address, terminal=terminal_id)
    if refused:
        raise LoginRefused("该选手已在另一台终端登录。如需更换终端,请联系监考老师解除绑定。")
    return db.session.get(Contestant, contestant_id)


def _refuse(keys: list[str], actor: str, target: str, message: str) -> NoReturn:
    """Count the failure and keep it in the audit log (committed), then refuse."""
    with write_transaction():
        _count_failure(keys)
        audit.record(actor, "login.failed", target)
    raise LoginRefused(message)


def _refuse_if_locked(keys: list[str]) -> None:
    at = clock.now()
    for key in keys:
        row = db.session.get(LoginThrottle, key)
        if row is not None and row.locked_until is not None and row.locked_until > at:
            minutes = max(1, round((row.locked_until - at).total_seconds() / 60))
            raise LoginRefused(f"登录失败次数过多,请 {minutes} 分钟后再试")


def _count_failure(keys: list[str]) -> None:
    config = current_app.config
    at = clock.now()
    window = timedelta(seconds=config["LOGIN_WINDOW_SECONDS"])
    for key in keys:
        limit = config["LOGIN_MAX_FAILURES_PER_ADDRESS" if key.startswith("address:")
                       else "LOGIN_MAX_FAILURES"]
        row = db.session.get(LoginThrottle, key)
        if row is None:
            row = LoginThrottle(key=key, failures=0, window_start=at)
            db.session.add(row)
        if at - row.window_start > window:
            row.failures, row.window_start = 0, at
        row.failures += 1
        if row.failures >= limit:
            row.locked_until = at + timedelta(seconds=config["LOGIN_LOCK_SECONDS"])


def _clear(key: str) -> None:
    row = db.session.get(LoginThrottle, key)
    if row is not None:
        db.session.delete(row)
