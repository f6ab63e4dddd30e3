"""The ceremony views use the shared view helpers."""
from ..models import Contest
from ..views import get_or_404, run_and_flash

run = run_and_flash


def contest_or_404(contest_id: int) -> Contest:
    return get_or_404(Contest, contest_id)


__all__ = ["contest_or_404", "get_or_404", "run"]
