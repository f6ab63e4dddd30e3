"""The contest modules this installation offers. To add one, write a sub-package with a
ContestModule subclass and list it here; nothing else in the core changes."""
from __future__ import annotations

from .base import ContestModule


def installed_modules() -> list[ContestModule]:
    # Imported here, not at package import: modules use the services, which use the registry.
    from .capture import CaptureModule
    from .quiz import QuizModule
    from .report import ReportModule
    from .voice import VoiceModule

    return [QuizModule(), CaptureModule(), ReportModule(), VoiceModule()]
