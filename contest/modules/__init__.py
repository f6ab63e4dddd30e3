"""Contest modules: the interface (base.py), the registry, and one sub-package per module.
The modules on offer are listed in installed.py; nothing else in the core branches on kind."""
from .base import (EMPTY_ANSWERS, AnswerRejected, AttemptView, ContestModule, MarkingSheet,
                   ModuleSetupError)
from .registry import all_modules, get_module, register

__all__ = ["EMPTY_ANSWERS", "AnswerRejected", "AttemptView", "ContestModule", "MarkingSheet",
           "ModuleSetupError", "all_modules", "get_module", "register"]
