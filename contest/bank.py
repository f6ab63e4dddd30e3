"""The question bank the app uses: the shipped bank plus teachers' imports under instance/."""
from __future__ import annotations

from pathlib import Path

from flask import current_app

from question_bank.quiz_bank import DEFAULT_BANK_DIR, QuestionBank, load_bank


def bank_roots() -> list[Path]:
    extra = [Path(p) for p in current_app.config["QUESTION_BANK_DIRS"]]
    return [DEFAULT_BANK_DIR, *(p for p in extra if p.is_dir())]


def import_root() -> Path:
    root = Path(current_app.config["QUESTION_BANK_DIRS"][0])
    root.mkdir(parents=True, exist_ok=True)
    return root


def load_combined_bank() -> QuestionBank:
    """Every root's questions; a later root's question replaces a shipped one of the same id,
    so a teacher can correct a shipped question by importing it again."""
    questions = {}
    for root in bank_roots():
        for question in load_bank(root).questions:
            questions[question.id] = question
    return QuestionBank(tuple(questions.values()))
