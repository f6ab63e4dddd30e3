"""The quiz screen's HTML for one seat: what seat_view says the seat sees, in that order, with
every text escaped and no answer key."""
from __future__ import annotations

import copy
from html.parser import HTMLParser
from typing import Any

from contest.modules.quiz.paper_html import navigator_html, questions_html
from question_bank.paper import Paper, assemble_paper, default_blueprint, seat_variant, seat_view
from question_bank.quiz_bank import load_bank
from question_bank.quiz_model import LETTERS

SEED = "市赛 知识测试 页面"
PAPER = assemble_paper(load_bank(), default_blueprint(), SEED)


class Questions(HTMLParser):
    """Each fieldset's number, item key, input kind and (letter, value, text) per choice."""

    def __init__(self) -> None:
        super().__init__()
        self.questions: list[dict[str, Any]] = []
        self.headings: list[str] = []
        self._in: list[str] = []
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "fieldset":
            self.questions.append({"id": found["id"], "item": found["data-item"],
                                   "stem": "", "choices": [], "kinds": set()})
        elif tag == "input":
            self.questions[-1]["kinds"].add(found["type"])
            self.questions[-1]["choices"].append({"value": int(found["value"] or -1),
                                                  "name": found["name"], "text": ""})
        self._in.append(tag)
        self._text = []

    def handle_endtag(self, tag: str) -> None:
        text = "".join(self._text).strip()
        if tag == "legend":
            self.questions[-1]["stem"] = text.split(" ", 1)[1]
        elif tag == "label":
            self.questions[-1]["choices"][-1]["text"] = text
        elif tag == "h2":
            self.headings.append(text)
        if tag in ("legend", "label", "h2"):
            self._text = []

    def handle_data(self, data: str) -> None:
        self._text.append(data)


def parsed(paper: Paper, seat: str) -> Questions:
    parser = Questions()
    parser.feed(str(questions_html(paper, seat_variant(paper, SEED, seat))))
    return parser


def test_each_seat_sees_its_own_order_of_questions_and_options() -> None:
    for seat in ("A01", "B17"):
        variant = seat_variant(PAPER, SEED, seat)
        expected = seat_view(PAPER, variant)
        shown = parsed(PAPER, seat).questions
        assert [q["item"] for q in shown] == [f"q:{q['id']}" for q in expected]
        assert [q["id"] for q in shown] == [f"question-{q['number']}" for q in expected]
        for html_q, view_q in zip(shown, expected, strict=True):
            assert html_q["stem"] == view_q["stem"]
            order = variant.option_orders[view_q["id"]]
            assert [c["value"] for c in html_q["choices"]] == list(order)
            texts = [c["text"] for c in html_q["choices"]]
            if view_q["type"] == "judge":
                assert texts == view_q["options"]
            else:
                assert texts == [f"{LETTERS[n]}. {text}"
                                 for n, text in enumerate(view_q["options"])]
            kind = "checkbox" if view_q["type"] == "multiple" else "radio"
            assert html_q["kinds"] == {kind}
            assert {c["name"] for c in html_q["choices"]} == {f"q:{view_q['id']}"}
    assert parsed(PAPER, "A01").questions != parsed(PAPER, "B17").questions


def test_sections_are_headed_once_per_type_with_their_points() -> None:
    headings = parsed(PAPER, "C03").headings
    assert headings == ["单选题(每题 1 分)", "不定项题(每题有一个或多个正确答案)(每题 2 分)",
                        "判断题(每题 1 分)"]


def test_navigator_links_every_question_in_seat_order() -> None:
    variant = seat_variant(PAPER, SEED, "A01")
    html = str(navigator_html(variant))
    for number, qid in enumerate(variant.order, start=1):
        assert (f'<a href="#question-{number}" data-nav-for="q:{qid}" '
                f'aria-label="第 {number} 题">{number}</a>') in html
    assert html.count("<li>") == len(variant.order)


def test_texts_are_escaped_and_no_key_or_explanation_is_sent() -> None:
    data = copy.deepcopy(PAPER.to_json())
    question = data["items"][0]["question"]
    question["stem"] = '<script>alert("stem")</script> & 1 < 2'
    question["options"][0] = '"><img src=x onerror=alert(1)>'
    hostile = Paper.from_json(data)
    html = str(questions_html(hostile, seat_variant(hostile, SEED, "A01")))
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&#34;stem&#34;)&lt;/script&gt; &amp; 1 &lt; 2" in html
    shown = {q["item"]: q for q in parsed(hostile, "A01").questions}[f"q:{question['id']}"]
    assert shown["stem"] == question["stem"]
    assert '"><img src=x onerror=alert(1)>' in [c["text"].split(". ", 1)[-1]
                                               for c in shown["choices"]]
    for item in PAPER.items:
        assert item.question.explanation not in str(questions_html(
            PAPER, seat_variant(PAPER, SEED, "A01")))
