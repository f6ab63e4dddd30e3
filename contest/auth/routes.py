"""Log in and out: contestants at terminals, staff in the back office."""
from __future__ import annotations

import secrets
from typing import Any

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from ..access import CONTESTANT, PUBLIC, TERMINAL_COOKIE, allow, reads_first
from ..extensions import db
from ..models import Contest
from ..services import audit
from ..services.auth import LoginRefused, authenticate_contestant, authenticate_staff
from . import bp
from .forms import ContestantLoginForm, StaffLoginForm

HOME = {"organizer": "organizer.dashboard", "chief_judge": "judge.dashboard",
        "judge": "judge.dashboard", "contestant": "terminal.lobby"}
YEAR = 365 * 24 * 3600


@bp.route("/", methods=["GET", "POST"])
@allow(PUBLIC)
@reads_first
def contestant_login() -> Any:
    if current_user.is_authenticated:
        return redirect(url_for(HOME[current_user.role]))
    form = ContestantLoginForm()
    contests = db.session.execute(select(Contest).order_by(Contest.id.desc())).scalars().all()
    form.contest_id.choices = [SelectChoice(c.id, c.name) for c in contests]
    terminal = request.cookies.get(TERMINAL_COOKIE) or secrets.token_hex(16)
    error = None
    if form.validate_on_submit():
        contest = db.session.get(Contest, form.contest_id.data)
        try:
            contestant = authenticate_contestant(contest, form.exam_no.data.strip(),
                                                 form.pin.data, terminal, request.remote_addr)
        except LoginRefused as refusal:
            error = str(refusal)
        else:
            _start_session(contestant)
            session["terminal"] = terminal
            return _with_terminal_cookie(redirect(url_for("terminal.lobby")), terminal)
    page = render_template("auth/contestant_login.html", form=form, error=error,
                           has_contests=bool(contests))
    return _with_terminal_cookie(page, terminal)


@bp.route("/staff/login", methods=["GET", "POST"])
@allow(PUBLIC)
@reads_first
def staff_login() -> Any:
    form = StaffLoginForm()
    error = None
    if form.validate_on_submit():
        try:
            user = authenticate_staff(form.username.data.strip(), form.password.data,
                                      request.remote_addr)
        except LoginRefused as refusal:
            error = str(refusal)
        else:
            _start_session(user)
            return redirect(_safe_next() or url_for(HOME[user.role]))
    return render_template("auth/staff_login.html", form=form, error=error)


@bp.route("/logout", methods=["POST"])
@allow(PUBLIC)
def logout() -> Any:
    if current_user.is_authenticated:
        audit.record(current_user.audit_name, "logout")
        db.session.commit()
        was_contestant = current_user.role == CONTESTANT
    else:
        was_contestant = True
    logout_user()
    session.clear()
    flash("已退出登录")
    return redirect(url_for("auth.contestant_login" if was_contestant else "auth.staff_login"))


def _start_session(user: Any) -> None:
    session.clear()  # a fresh session on every login: no fixation
    login_user(user)


def _with_terminal_cookie(response: Any, terminal: str) -> Any:
    from flask import make_response

    response = make_response(response)
    if request.cookies.get(TERMINAL_COOKIE) != terminal:
        secure = current_app.config["SESSION_COOKIE_SECURE"] or request.is_secure
        response.set_cookie(TERMINAL_COOKIE, terminal, max_age=YEAR, httponly=True,
                            samesite="Lax", secure=secure)
    return response


def _safe_next() -> str | None:
    target = request.args.get("next", "")
    return target if target.startswith("/") and not target.startswith("//") else None
