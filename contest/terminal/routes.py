"""Pages a contestant sees at the terminal: the lobby, the attempt, the end."""
from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from .. import clock
from ..access import CONTESTANT, allow
from ..db import write_transaction
from ..lanes import ENTRY, priority
from ..models import AttemptState
from ..modules import get_module
from ..services.answers import current_answer_rows
from ..services.attempts import (attempt_view, close_if_expired, due_to_close,
                                 status_payload)
from ..services.timing import has_begun
from . import bp
from .lookup import NOT_STARTED, attempts_of_current_contestant, own_attempt


@bp.route("/lobby")
@allow(CONTESTANT)
def lobby() -> Any:
    rows = attempts_of_current_contestant()
    return render_template("terminal/lobby.html", contestant=current_user, rows=rows,
                           prefetch=_attempt_scripts(rows))


def _attempt_scripts(rows: list) -> list[str]:
    """Scripts and stylesheets the attempt pages will need: the browser fetches them while it
    waits in the lobby (prefetch), so the synchronised start does not download them all at
    once."""
    urls = [url_for("static", filename="js/attempt.js")]
    for session, _ in rows:
        module = get_module(session.kind)
        urls += [url_for(f"{module.blueprint.name}.static", filename=name)
                 for name in (*module.terminal_scripts, *module.terminal_styles)]
    return list(dict.fromkeys(urls))


@bp.route("/attempt/<int:attempt_id>")
@allow(CONTESTANT)
@priority(ENTRY)
def attempt_page(attempt_id: int) -> Any:
    attempt = own_attempt(attempt_id, begun=False)
    if not has_begun(attempt, clock.now()):
        flash(NOT_STARTED)
        return redirect(url_for("terminal.lobby"))
    if due_to_close(attempt):
        with write_transaction():
            close_if_expired(attempt)
    if attempt.state != AttemptState.OPEN:
        return redirect(url_for("terminal.attempt_done", attempt_id=attempt.id))
    module = get_module(attempt.session.kind)
    rows = current_answer_rows(attempt.id)
    view = attempt_view(attempt, {key: row.value for key, row in rows.items()})
    config = {
        "attemptId": attempt.id,
        "saveUrl": url_for("terminal.save_answers", attempt_id=attempt.id),
        "statusUrl": url_for("terminal.attempt_status", attempt_id=attempt.id),
        "submitUrl": url_for("terminal.submit", attempt_id=attempt.id),
        "doneUrl": url_for("terminal.attempt_done", attempt_id=attempt.id),
        "answers": {key: {"value": row.value, "seq": row.seq} for key, row in rows.items()},
        "status": status_payload(attempt),
    }
    return render_template("terminal/attempt.html", attempt=attempt, session=attempt.session,
                           module=module, view=view, config=config,
                           **module.terminal_context(view))


@bp.route("/attempt/<int:attempt_id>/done")
@allow(CONTESTANT)
def attempt_done(attempt_id: int) -> Any:
    attempt = own_attempt(attempt_id)
    answered, total = get_module(attempt.session.kind).progress(attempt_view(attempt))
    return render_template("terminal/done.html", attempt=attempt, answered=answered, total=total)
