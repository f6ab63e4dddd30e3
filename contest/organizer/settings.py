"""Contest settings: ranking comparison, award ratios and rounding, countersigning, appeals."""
from __future__ import annotations

from typing import Any

from flask import redirect, render_template, request, url_for
from flask_login import current_user

from ..access import ORGANIZER, allow
from ..ceremony.helpers import run
from ..models import Contest
from ..services.contest_settings import (SettingsRefused, contest_settings, tie_breaks,
                                         update_settings, uses_speed)
from . import bp
from .forms import ContestSettingsForm
from .helpers import get_or_404


@bp.route("/contests/<int:contest_id>/settings", methods=["GET", "POST"])
@allow(ORGANIZER)
def contest_settings_page(contest_id: int) -> Any:
    contest = get_or_404(Contest, contest_id)
    form = ContestSettingsForm()
    if request.method == "GET":
        form.process(data=_form_data(contest_settings(contest)))
    elif form.validate_on_submit():
        if run(lambda: update_settings(contest, _settings(form), current_user), SettingsRefused,
               "设置已保存"):
            return redirect(url_for("organizer.contest_settings_page", contest_id=contest.id))
    return render_template("organizer/settings.html", contest=contest, form=form)


def _form_data(settings: dict[str, Any]) -> dict[str, Any]:
    tiers = dict((name, ratio) for name, ratio in settings["award_tiers"])
    return {**settings, "speed_tie_break": uses_speed(settings),
            "first_ratio": float(tiers.get("一等奖", 0)) * 100,
            "second_ratio": float(tiers.get("二等奖", 0)) * 100,
            "third_ratio": float(tiers.get("三等奖", 0)) * 100}


def _settings(form: ContestSettingsForm) -> dict[str, Any]:
    minimum = form.award_minimum_total.data
    return {
        "ranking_compare": form.ranking_compare.data,
        "tie_breaks": tie_breaks(form.speed_tie_break.data),
        "award_tiers": [["一等奖", float(form.first_ratio.data) / 100],
                        ["二等奖", float(form.second_ratio.data) / 100],
                        ["三等奖", float(form.third_ratio.data) / 100]],
        "award_rounding": form.award_rounding.data,
        "award_boundary_ties": form.award_boundary_ties.data,
        "award_minimum_total": float(minimum) if minimum is not None else None,
        "override_countersign": form.override_countersign.data,
        "appeal_window_hours": float(form.appeal_window_hours.data),
    }
