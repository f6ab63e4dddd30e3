"""Contest modules. To add one: write a sub-package with a ContestModule subclass and register
it below; nothing else in the core changes."""
from .base import AnswerRejected, AttemptView, ContestModule, ModuleSetupError
from .registry import all_modules, get_module, register
from .quiz import QuizModule

register(QuizModule())

__all__ = ["AnswerRejected", "AttemptView", "ContestModule", "ModuleSetupError", "all_modules",
           "get_module", "register"]
