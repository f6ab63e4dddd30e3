"""The marking page's content, and a posted mark sheet read into JudgeMarks."""
from __future__ import annotations

import math
from typing import Any, Mapping

from question_bank.scenario_model import ScenarioCard
from scoring.script_check import check_script, highlight_segments
from scoring.voice_marks import RED_LINE_REASONS, JudgeMarks, validate_marks

from ...models import User
from ...services.content import session_content
from .content import RECORDING_LABELS, card_of, rubric_of, voice_settings
from .judging import Review, marks_of, may_see_others, open_round, pins_for


def source_card(content: Mapping[str, Any], recording: str) -> ScenarioCard:
    return card_of(content, content["repeat"]["card"] if recording == "repeat" else recording)


def element_ids(content: Mapping[str, Any], recording: str) -> list[str]:
    if recording == "repeat":
        return []
    return [element.id for element in card_of(content, recording).mandatory_elements]


def review_context(review: Review, user: User, answers: Mapping[str, Any]) -> dict[str, Any]:
    content = session_content(review.attempt.session)
    recording = review.recording
    card = source_card(content, recording)
    script = answers.get(f"script:{recording}") if recording != "repeat" else None
    hints = check_script(script, card) if isinstance(script, str) else None
    marks = marks_of(review.attempt.id, recording)
    mine = [mark for mark in marks if mark.judge_id == user.id]
    others = [mark for mark in marks if mark.judge_id != user.id] \
        if may_see_others(review, user) else []
    return {
        "review": review, "seat": review.attempt.seat_no, "recording": recording,
        "recording_label": RECORDING_LABELS[recording], "card": card,
        "prompt_text": content["repeat"]["text"] if recording == "repeat" else "",
        "script": script, "hints": hints,
        "segments": highlight_segments(script, hints) if hints else [],
        "rubric": rubric_of(content, recording),
        "elements": [] if recording == "repeat" else card.mandatory_elements,
        "open_round": open_round(review, user), "mine": mine, "others": others,
        "prefill": mine[-1].sheet if mine else None,
        "pins": pins_for(review, user), "file": answers.get(f"rec:{recording}"),
        "red_line_reasons": RED_LINE_REASONS, "step": voice_settings(content).mark_step,
    }


def read_marks(form: Mapping[str, Any], judge: User,
               review: Review) -> tuple[JudgeMarks, list[str]]:
    """The sheet as posted and every problem with it (Chinese)."""
    content = session_content(review.attempt.session)
    rubric = rubric_of(content, review.recording)
    points = {item.id: _number(form.get(f"points-{item.id}", "")) for item in rubric.items}
    comments = {item.id: form.get(f"comment-{item.id}", "").strip()[:500]
                for item in rubric.items if form.get(f"comment-{item.id}", "").strip()}
    red_line = form.get("red_line") == "y"
    marks = JudgeMarks(
        judge_id=judge.username, points=points, comments=comments,
        comment=form.get("comment", "").strip()[:1000], red_line=red_line,
        red_line_reason=form.get("red_line_reason", "") if red_line else "",
        missing_elements=tuple(form.getlist("missing")) if hasattr(form, "getlist") else ())
    problems = validate_marks(rubric, marks, element_ids=element_ids(content, review.recording),
                              step=voice_settings(content).mark_step)
    return marks, problems


def _number(text: str) -> Any:
    """A float when the field holds a finite number; the text otherwise, which validation
    reports as not a number (None, for an empty field, as not marked)."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        return text
    return value if math.isfinite(value) else text
