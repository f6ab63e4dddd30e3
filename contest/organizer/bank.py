"""Question bank page (placeholder, filled in with the quiz module)."""
from typing import Any

from flask import render_template

from ..access import ORGANIZER, allow
from . import bp


@bp.route("/bank")
@allow(ORGANIZER)
def bank() -> Any:
    return render_template("error.html", status=200, message="题库")
