"""The quiz screen's navigator and questions as HTML for one seat.

Built here from pieces escaped once per paper instead of in a Jinja loop: at a synchronised
start every terminal asks for its page within two seconds, and the loop over ~80 questions and
~300 choices was most of the page's cost (measured in-process: 8 ms of CPU per page with the
loop, see the issue-7 notes). The markup is the same the template produced; quiz.js and the
browser tests rely on its data attributes.
"""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from question_bank.paper import Paper, SeatVariant
from question_bank.quiz_model import LETTERS, Question

from ...derived import derived
from ...templating import points

#: Section headings' notes, by question type.
SECTION_NOTES = {"multiple": "(每题有一个或多个正确答案)"}


@dataclass(frozen=True)
class _Escaped:
    """One question's texts, escaped once."""

    qid: str
    type: str
    stem: str
    options: tuple[str, ...]


def _escaped(paper: Paper) -> dict[str, _Escaped]:
    return derived(paper, _escape_paper)


def _escape_paper(paper: Paper) -> dict[str, _Escaped]:
    return {item.question.id: _escape_question(item.question) for item in paper.items}


def _escape_question(question: Question) -> _Escaped:
    return _Escaped(str(escape(question.id)), question.type.value, str(escape(question.stem)),
                    tuple(str(escape(option)) for option in question.options))


def navigator_html(variant: SeatVariant) -> Markup:
    return Markup("".join(
        f'<li><a href="#question-{number}" data-nav-for="q:{escape(qid)}" '
        f'aria-label="第 {number} 题">{number}</a></li>\n'
        for number, qid in enumerate(variant.order, start=1)))


def questions_html(paper: Paper, variant: SeatVariant) -> Markup:
    pieces = _escaped(paper)
    parts: list[str] = []
    section = None
    for number, question_id in enumerate(variant.order, start=1):
        item = paper.item(question_id)
        if item.question.type.value != section:
            section = item.question.type.value
            parts.append(_heading(item.question, item.points))
        parts.append(_fieldset(pieces[question_id], number,
                               variant.option_orders[question_id]))
    return Markup("".join(parts))


def _heading(question: Question, item_points: float) -> str:
    note = SECTION_NOTES.get(question.type.value, "")
    return (f"<h2>{escape(question.type.label)}题{note}"
            f"(每题 {escape(points(item_points))} 分)</h2>\n")


def _fieldset(q: _Escaped, number: int, order: tuple[int, ...]) -> str:
    kind = "checkbox" if q.type == "multiple" else "radio"
    choices = "".join(_choice(q, kind, shown, canonical) for shown, canonical in enumerate(order))
    clear = ("" if q.type == "multiple" else
             f'<button type="button" class="secondary small" data-clear="q:{q.qid}">清除选择'
             f'</button>')
    return (f'<fieldset class="card quiz-question" id="question-{number}" data-item="q:{q.qid}" '
            f'data-kind="choice" tabindex="-1">\n'
            f'<legend><span class="quiz-number">{number}.</span> {q.stem}</legend>\n'
            f'{choices}'
            f'<p class="quiz-tools">\n'
            f'<button type="button" class="secondary small" data-flag="q:{q.qid}" '
            f'aria-pressed="false">标记本题</button>\n{clear}\n</p>\n</fieldset>\n')


def _choice(q: _Escaped, kind: str, shown: int, canonical: int) -> str:
    letter = "" if q.type == "judge" else f'<span class="quiz-letter">{LETTERS[shown]}.</span>'
    return (f'<label class="quiz-choice">\n'
            f'<input type="{kind}" name="q:{q.qid}" value="{canonical}">\n'
            f'{letter} {q.options[canonical]}\n</label>\n')
