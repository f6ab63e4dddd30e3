from typing import Any

from flask import abort

from ..extensions import db
from ..models import Contest


def contest_or_404(contest_id: int) -> Contest:
    contest = db.session.get(Contest, contest_id)
    if contest is None:
        abort(404)
    return contest


def run(operation: Any, refused: type[Exception], success: str) -> bool:
    from flask import flash

    try:
        operation()
    except refused as error:
        db.session.rollback()
        flash(str(error), "error")
        return False
    db.session.commit()
    flash(success)
    return True
