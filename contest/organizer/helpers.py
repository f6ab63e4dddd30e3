"""Small lookups shared by the organizer's pages."""
from __future__ import annotations

from typing import Any

from flask import abort, flash
from flask_login import current_user

from ..extensions import db


def get_or_404(model: Any, ident: int) -> Any:
    row = db.session.get(model, ident)
    if row is None:
        abort(404)
    return row


def actor() -> str:
    return current_user.audit_name


def flash_form_errors(form: Any) -> None:
    for errors in form.errors.values():
        for error in errors:
            flash(error, "error")
