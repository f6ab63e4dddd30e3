"""The organizer's views use the shared view helpers."""
from ..views import actor, flash_form_errors, get_or_404, run_and_flash

__all__ = ["actor", "flash_form_errors", "get_or_404", "run_and_flash"]
