"""Small helpers every blueprint's views share: lookups, running an operation, feedback."""
from __future__ import annotations

from typing import Any, Callable

from flask import abort, flash
from flask_login import current_user

from .extensions import db


def get_or_404(model: Any, ident: int) -> Any:
    row = db.session.get(model, ident)
    if row is None:
        abort(404)
    return row


Refusal = type[Exception] | tuple[type[Exception], ...]


def run_and_flash(operation: Callable[[], Any], refused: Refusal, success: str) -> bool:
    """Run a service operation: commit and say ``success``, or roll back and show its refusal."""
    try:
        operation()
    except refused as error:
        db.session.rollback()
        flash(str(error), "error")
        return False
    db.session.commit()
    flash(success)
    return True


def flash_form_errors(form: Any) -> None:
    for errors in form.errors.values():
        for error in errors:
            flash(error, "error")


def actor() -> str:
    return current_user.audit_name
