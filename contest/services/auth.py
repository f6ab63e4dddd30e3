"""Who may log in: credentials, one terminal per contestant, and throttling of failures."""
from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from .. import clock
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
        _count_failure(keys)
        audit.record(f"anonymous@{address}", "login.failed", f"staff:{username[:40]}")
        raise LoginRefused("用户名或密码错误")
    _clear(keys[0])
    audit.record(user.audit_name, "login.staff", address=address)
    return user


def authenticate_contestant(contest: Contest, exam_no: str, pin: str, terminal_id: str,
                            address: str) -> Contestant:
    keys = [f"account:contestant:{contest.id}:{exam_no}", f"address:{address}"]
    _refuse_if_locked(keys)
    contestant = db.session.execute(select(Contestant).where(
        Contestant.contest_id == contest.id, Contestant.exam_no == exam_no)).scalar_one_or_none()
    if contestant is None or not contestant.check_pin(pin):
        _count_failure(keys)
        audit.record(f"anonymous@{address}", "login.failed", f"contestant:{exam_no[:32]}")
        raise LoginRefused("准考证号或登录密码错误")
    if contestant.terminal_id and contestant.terminal_id != terminal_id:
        audit.record(contestant.audit_name, "login.refused_second_terminal", address=address)
        raise LoginRefused("该选手已在另一台终端登录。如需更换终端,请联系监考老师解除绑定。")
    _clear(keys[0])
    contestant.terminal_id = terminal_id
    audit.record(contestant.audit_name, "login.contestant", address=address,
                 terminal=terminal_id)
    return contestant


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
