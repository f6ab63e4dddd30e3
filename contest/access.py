"""Every route declares who may call it; a request to an undeclared route is refused."""
from __future__ import annotations

from typing import Any, Callable, TypeVar

from flask import current_app, redirect, request, session, url_for
from flask_login import current_user, logout_user

from .errors import refuse

PUBLIC = "public"
ORGANIZER = "organizer"
CHIEF_JUDGE = "chief_judge"
JUDGE = "judge"
CONTESTANT = "contestant"
JUDGES = (JUDGE, CHIEF_JUDGE)
STAFF = (ORGANIZER, CHIEF_JUDGE, JUDGE)
TERMINAL_COOKIE = "terminal_id"

View = TypeVar("View", bound=Callable[..., Any])


def allow(*roles: str) -> Callable[[View], View]:
    """Declare the roles that may call a view (``PUBLIC`` for everyone)."""
    def mark(view: View) -> View:
        view.access_roles = frozenset(roles)  # type: ignore[attr-defined]
        return view
    return mark


def reads_first(view: View) -> View:
    """The view reads in a shared transaction and opens its own short write transaction
    (``db.write_transaction``) only for the writes, so readers never wait for its checks."""
    view.reads_first = True  # type: ignore[attr-defined]
    return view


def roles_of(endpoint: str) -> frozenset[str] | None:
    view = current_app.view_functions.get(endpoint)
    return getattr(view, "access_roles", None)


def is_static(endpoint: str) -> bool:
    return endpoint == "static" or endpoint.endswith(".static")


def enforce_access() -> Any:
    """before_request hook: fail closed on routes that declare nothing."""
    endpoint = request.endpoint
    if endpoint is None or is_static(endpoint):
        return None
    roles = roles_of(endpoint)
    if roles is None:
        current_app.logger.error("route %s declares no roles", endpoint)
        return refuse(403, "forbidden", "无权访问")
    if PUBLIC in roles:
        return None
    if not current_user.is_authenticated:
        return _ask_to_log_in(roles)
    if current_user.role not in roles:
        return refuse(403, "forbidden", "无权访问该页面")
    if current_user.role == CONTESTANT and not _on_bound_terminal():
        logout_user()
        return refuse(409, "terminal_replaced", "本账号已在另一台终端登录,本终端已退出。")
    return None


def _on_bound_terminal() -> bool:
    terminal = request.cookies.get(TERMINAL_COOKIE)
    return bool(terminal) and terminal == current_user.terminal_id == session.get("terminal")


def _ask_to_log_in(roles: frozenset[str]) -> Any:
    if wants_json():
        return refuse(401, "login_required", "登录已失效,请重新登录")
    target = "auth.contestant_login" if CONTESTANT in roles else "auth.staff_login"
    return redirect(url_for(target, next=request.full_path))


def wants_json() -> bool:
    return request.path.startswith("/api/") or "/api/" in request.path or request.is_json
