"""The interface every contest module implements. The core (sessions, attempts, autosave,
judging, results) talks to modules only through it."""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, ClassVar, Mapping

from flask import Blueprint
from flask_wtf import FlaskForm
from wtforms import DecimalField, IntegerField, StringField
from wtforms.validators import DataRequired, Length, NumberRange

from scoring.types import ItemResult


class AnswerRejected(Exception):
    """A saved value the module cannot accept; ``code`` is for the terminal's script."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class ModuleSetupError(Exception):
    """Content or settings that cannot make a session (Chinese message for the organizer)."""


@dataclass(frozen=True)
class AttemptView:
    """An attempt as plain values: what a module needs to draw, check or score it."""

    attempt_id: int
    seat_no: str
    settings: Mapping[str, Any]
    content: Mapping[str, Any]
    variant: Mapping[str, Any]
    answers: Mapping[str, Any] = field(default_factory=dict)


class SessionForm(FlaskForm):
    """Fields every module session has; a module's settings form extends it."""

    title = StringField("名称", validators=[DataRequired("请填写名称"), Length(max=120)])
    weight = DecimalField("权重(占总分)", places=2,
                          validators=[NumberRange(0, 100, "权重须在 0 到 100 之间")])
    duration_min = IntegerField("时长(分钟)",
                                validators=[NumberRange(1, 600, "时长须在 1 到 600 分钟之间")])

    BASE_FIELDS: ClassVar[frozenset[str]] = frozenset(
        {"title", "weight", "duration_min", "csrf_token", "submit"})

    def module_settings(self) -> dict[str, Any]:
        """The module's own fields as JSON-ready values (settings are stored as JSON)."""
        return {name: _json_ready(f.data) for name, f in self._fields.items()
                if name not in self.BASE_FIELDS}


@dataclass(frozen=True)
class MarkingSheet:
    """A paper backup of one judged piece of work: a judge marks it by hand if screens fail."""

    seat_no: str
    title: str
    #: (item label, maximum points, guidance for the judge)
    items: tuple[tuple[str, float, str], ...]


class ContestModule(ABC):
    kind: ClassVar[str]
    #: Chinese name shown everywhere, e.g. 知识测试.
    title: ClassVar[str]
    description: ClassVar[str] = ""
    order: ClassVar[int] = 100
    default_weight: ClassVar[float]
    default_duration_min: ClassVar[int]
    settings_form: ClassVar[type[SessionForm]] = SessionForm
    #: Template names, looked up in the module package's own templates folder.
    terminal_template: ClassVar[str]
    judge_template: ClassVar[str]
    #: Who may override this module's items. Blind multi-judge modules allow the chief judge
    #: only, or any one judge could replace the combined marks of several.
    override_roles: ClassVar[tuple[str, ...]] = ("judge", "chief_judge")
    #: Script files of the module's static folder that the terminal page loads.
    terminal_scripts: ClassVar[tuple[str, ...]] = ()
    #: Stylesheets of the module's static folder that the terminal page loads.
    terminal_styles: ClassVar[tuple[str, ...]] = ()
    #: False when totals would show a judge other judges' marks before they mark (blind
    #: multi-judge marking); then only the chief judge sees them on the seat list.
    judges_see_totals: ClassVar[bool] = True

    def __init__(self) -> None:
        self.blueprint = self.make_blueprint()

    def make_blueprint(self) -> Blueprint:
        """Templates, static files and any extra routes (audio plays, uploads)."""
        package = type(self).__module__.rsplit(".", 1)[0]
        return Blueprint(f"mod_{self.kind}", package, template_folder="templates",
                         static_folder="static", url_prefix=f"/m/{self.kind}")

    def default_settings(self) -> dict[str, Any]:
        return {}

    @abstractmethod
    def prepare(self, settings: Mapping[str, Any], seed: str) -> dict[str, Any]:
        """Freeze the session's content (papers, keys) from settings; raise ModuleSetupError."""

    def new_variant(self, content: Mapping[str, Any], seed: str, seat_no: str) -> dict[str, Any]:
        """The per-seat presentation recorded on the attempt (e.g. shuffles)."""
        return {}

    @abstractmethod
    def item_keys(self, content: Mapping[str, Any]) -> list[str]:
        """Every key a terminal may save an answer under, in display-independent order."""

    @abstractmethod
    def clean_answer(self, view: AttemptView, item_key: str, value: Any) -> Any:
        """Return the value to store, or raise AnswerRejected.

        Called on every autosave with settings and content only (variant and answers empty),
        so the check must not depend on them.
        """

    @abstractmethod
    def terminal_context(self, view: AttemptView) -> dict[str, Any]:
        """Template values for the contestant's screen. Never include answer keys."""

    @abstractmethod
    def score(self, view: AttemptView) -> list[ItemResult]:
        """Machine results for the attempt's current answers."""

    def judge_context(self, view: AttemptView, results: list[ItemResult]) -> dict[str, Any]:
        return {}

    def summary(self, view: AttemptView, results: list[ItemResult]) -> dict[str, Any]:
        """Figures beside the score that results pages and tie-breaks may use, e.g. typing
        speed; JSON-serialisable. Default: none."""
        return {}

    def progress(self, view: AttemptView) -> tuple[int, int]:
        """(answered, total) for the done page. The proctor's board counts the same in SQL for
        every seat at once (``organizer.board.answered_counts``, by ``EMPTY_ANSWERS``)."""
        keys = self.item_keys(view.content)
        answered = sum(1 for key in keys if _is_answered(view.answers.get(key)))
        return answered, len(keys)

    def content_summary(self, content: Mapping[str, Any]) -> str:
        return ""

    def preview_context(self, content: Mapping[str, Any]) -> dict[str, Any]:
        """Template values for the organizer's preview of the frozen content (keys included)."""
        return {}

    def lock_blockers(self, session: Any) -> list[str]:
        """What this module still needs before the chief judge may lock ``session`` (Chinese),
        beyond the core's checks (open attempts, unscored ones, unsigned overrides)."""
        return []

    def marking_sheets(self, content: Mapping[str, Any], seats: list[str]) -> list[MarkingSheet]:
        """Paper marking sheets for the judged work of these seats; none by default."""
        return []

    def cli_commands(self) -> list[Any]:
        """Click commands or groups the module adds to ``flask --app contest``."""
        return []

    def judge_links(self, session_id: int) -> list[tuple[str, str]]:
        """(label, url) of the module's own judging pages, listed on the judges' seat list."""
        return []

    def item_labels(self, content: Mapping[str, Any]) -> dict[str, str]:
        """Longer item names for statistics pages (a question's stem); default: none."""
        return {}


def _json_ready(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


#: The values that leave an item unanswered (the board counts by their JSON in SQL).
EMPTY_ANSWERS: tuple[Any, ...] = (None, "", [], {})


def _is_answered(value: Any) -> bool:
    return value not in EMPTY_ANSWERS
