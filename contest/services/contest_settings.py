"""Contest-wide settings the organizer edits: ranking, awards, overrides, appeals."""
from __future__ import annotations

from typing import Any

from scoring.awards import AwardSettings
from scoring.ranking import RankingSettings

from ..models import Contest, User
from . import audit

DEFAULTS: dict[str, Any] = {
    "ranking_compare": "rounded",
    "tie_breaks": [step.to_json() for step in RankingSettings().tie_breaks],  # see tie_breaks()
    "award_tiers": [["一等奖", 0.10], ["二等奖", 0.20], ["三等奖", 0.30]],
    "award_rounding": "half_up",
    "award_boundary_ties": "higher",
    "award_minimum_total": None,
    "override_countersign": False,
    "appeal_window_hours": 2,
}


SPEED = ["figure", "capture.correct_chars_per_minute"]


def tie_breaks(speed_before_submission: bool) -> list[list[str]]:
    """The default order; optionally typing speed decides before the hand-in time does."""
    steps = [step.to_json() for step in RankingSettings().tie_breaks]
    return steps[:-1] + [SPEED] + steps[-1:] if speed_before_submission else steps


def uses_speed(settings: dict[str, Any]) -> bool:
    return SPEED in settings.get("tie_breaks", [])


class SettingsRefused(Exception):
    pass


def contest_settings(contest: Contest) -> dict[str, Any]:
    return {**DEFAULTS, **(contest.settings or {})}


def update_settings(contest: Contest, changes: dict[str, Any], user: User) -> None:
    merged = {**contest_settings(contest), **changes}
    try:  # the pure packages own what a valid setting is
        AwardSettings.from_json(merged)
        RankingSettings.from_json({**merged, "tie_breaks": []})
    except ValueError as error:
        raise SettingsRefused(str(error)) from error
    contest.settings = merged
    audit.record(user.audit_name, "contest.settings", f"contest:{contest.id}", **changes)
