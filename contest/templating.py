"""Template filters and globals: local times, points, role labels."""
from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask, current_app
from flask_login import current_user

from .models import Role


def local_time(moment: datetime | None, fmt: str = "%Y-%m-%d %H:%M:%S") -> str:
    if moment is None:
        return "—"
    return moment.astimezone(ZoneInfo(current_app.config["TIMEZONE"])).strftime(fmt)


def points(value: float | None) -> str:
    """Scores are kept raw; people see two decimals at most, trailing zeros dropped."""
    if value is None:
        return "—"
    return f"{value:.2f}".rstrip("0").rstrip(".")


def role_label(role: str) -> str:
    try:
        return Role(role).label
    except ValueError:
        return role


def init_templating(app: Flask) -> None:
    app.config.setdefault("TIMEZONE", "Asia/Shanghai")
    app.jinja_env.filters.update(local_time=local_time, points=points, role_label=role_label)

    @app.context_processor
    def inject_user() -> dict[str, Any]:
        role = current_user.role if current_user.is_authenticated else None
        return {"current_role": role}
