"""Broadcast messages to every terminal of a contest."""
from __future__ import annotations

from typing import Any

from flask import redirect, render_template, url_for
from flask_login import current_user

from ..access import ORGANIZER, allow
from ..ceremony.helpers import run
from ..models import Contest
from ..services.broadcasts import BroadcastRefused, acknowledgement_counts, send_broadcast
from . import bp
from .forms import BroadcastForm
from .helpers import get_or_404


@bp.route("/contests/<int:contest_id>/broadcasts", methods=["GET", "POST"])
@allow(ORGANIZER)
def broadcasts(contest_id: int) -> Any:
    contest = get_or_404(Contest, contest_id)
    form = BroadcastForm()
    if form.validate_on_submit():
        run(lambda: send_broadcast(contest, form.message.data, current_user), BroadcastRefused,
            "通知已发送到所有终端")
        return redirect(url_for("organizer.broadcasts", contest_id=contest.id))
    return render_template("organizer/broadcasts.html", contest=contest, form=form,
                           sent=acknowledgement_counts(contest))
