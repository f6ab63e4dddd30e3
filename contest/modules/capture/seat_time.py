"""The time a seat was given, for typing speed."""
from __future__ import annotations

from ...extensions import db
from ...models import Attempt


def allowed_minutes(attempt_id: int) -> float:
    """Session duration plus the seat's credited time, in minutes (0 for an unknown id)."""
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None:
        return 0.0
    return (attempt.session.duration_s + attempt.credit_s) / 60
