"""Fields typed at the terminal are saved through the engine, scored by the real scorer, and
shown to judges beside the key with the character diff, escaped; hostile input stays text."""
from __future__ import annotations

import json
import re
from typing import Any

import pytest
from sqlalchemy import select

from contest.extensions import db
from contest.models import Attempt
from contest.modules import get_module
from contest.services.attempts import attempt_view
from contest.services.answers import current_answers
from contest.services.sessions import start_session
from scoring.capture import score_call
from support import (csrf_token, gen_contest, gen_contestant, gen_session, gen_staff,
                     login_contestant, login_staff, post_json)
from test_capture_content import SHIPPED, capture_settings, clip_set

KEY = SHIPPED["calls"][0]["key"]          # 张明亮, 浙江省杭州市西湖区文三路27号...
SECOND = SHIPPED["calls"][1]["key"]


@pytest.fixture
def seat(app, tmp_path):
    root = clip_set(tmp_path / "set_t")
    with app.app_context():
        contest = gen_contest()
        gen_contestant(contest, 1, seat="07")
        gen_staff("judge", "judge")
        session = gen_session(contest, "capture", **capture_settings(root))
        start_session(session, "test")
        db.session.commit()
        attempt_id = db.session.execute(select(Attempt.id)).scalar_one()
        ids = {"attempt_id": attempt_id, "session_id": session.id, "contest_id": contest.id}
    client = app.test_client()
    login_contestant(client, ids["contest_id"], "E0001")
    return {"client": client, "token": csrf_token(client, "/lobby"), **ids}


def save(seat: dict, values: dict[str, Any], first_seq: int = 1) -> Any:
    items = [{"key": key, "seq": n, "value": value}
             for n, (key, value) in enumerate(values.items(), start=first_seq)]
    return post_json(seat["client"], f"/api/attempts/{seat['attempt_id']}/answers",
                     {"items": items}, seat["token"]).get_json()


def submit(seat: dict) -> None:
    post_json(seat["client"], f"/api/attempts/{seat['attempt_id']}/submit", {}, seat["token"])


def judge_page(app: Any, seat: dict) -> str:
    judge = app.test_client()
    login_staff(judge, "judge")
    return judge.get(f"/judge/sessions/{seat['session_id']}/seats/07").get_data(as_text=True)


def results_of(app: Any, seat: dict) -> dict[str, dict]:
    with app.app_context():
        return {r["key"]: r for r in db.session.get(Attempt, seat["attempt_id"]).results}


def test_terminal_shows_fields_in_tab_order_and_never_the_key(seat):
    page = seat["client"].get(f"/attempt/{seat['attempt_id']}").get_data(as_text=True)
    items = re.findall(r'data-item="([^"]+)"', page)
    assert items == [f"{call}.{name}" for call in ("a01", "a02")
                     for name in ("name", "address", "phone", "postcode", "email")]
    assert page.index('data-play-call="a01"') < page.index('data-item="a01.name"')
    assert page.index('data-item="a01.email"') < page.index('data-play-call="a02"')
    for key in (KEY, SECOND):
        for value in (key["name"], key["address"], key["phone"], key["email"]):
            assert value not in page
    assert "弓长张" not in page and "tabindex" not in page
    config = json.loads(re.search(r'id="capture-config">(.*?)</script>', page).group(1))
    assert config == {"playUrl": f"/m/capture/api/attempts/{seat['attempt_id']}/plays",
                      "allowSeeking": False}


def test_typed_fields_are_saved_and_scored_by_the_real_scorer(app, seat):
    typed = {"name": "张明亮", "address": "浙江杭州西湖区文三路二十七号桂语花苑3栋2单元103室",
             "phone": "138 5712 0693", "postcode": "３１００１２", "email": "ZhangML@163.com."}
    wrong = {"name": "章晓艳", "phone": SECOND["phone"][:-1], "email": ""}
    values = {f"a01.{k}": v for k, v in typed.items()} | {f"a02.{k}": v for k, v in wrong.items()}
    reply = save(seat, values)
    assert len(reply["acked"]) == 8 and reply["rejected"] == []
    with app.app_context():
        assert current_answers(seat["attempt_id"])["a01.postcode"] == "３１００１２"
    submit(seat)
    results = results_of(app, seat)
    assert [results[f"a01.{name}"]["points"] for name in typed] == [1, 1, 1, 1, 1]
    expected = score_call("a02", {**SECOND, "alternatives": SECOND.get("alternatives", {})},
                          wrong)
    assert [results[r.key]["points"] for r in expected] == [r.points for r in expected]
    assert results["a02.name"]["flags"] == ["homophone"]
    assert results["a02.address"]["flags"] == ["empty"]
    with app.app_context():
        attempt = db.session.get(Attempt, seat["attempt_id"])
        module = get_module("capture")
        figures = module.summary(attempt_view(attempt), module.score(attempt_view(attempt)))
    correct = sum(r["detail"]["correct_chars"] for r in results.values())
    assert figures["correct_chars"] == correct > 40 and figures["minutes"] == 30
    assert figures["correct_chars_per_minute"] == round(correct / 30, 2)
    assert figures["fields_right"] == 5 and figures["fields"] == 10


def test_judge_sees_the_diff_coloured_and_escaped(app, seat):
    save(seat, {"a01.name": "章明亮", "a01.address": "<b>浙江</b>杭州西湖区文三路72号",
                "a01.phone": KEY["phone"]})
    submit(seat)
    page = judge_page(app, seat)
    assert "<b>浙江</b>" not in page and "&lt;b&gt;浙江&lt;/b&gt;" in page
    assert '<span class="diff-replace" title="应为:张">章</span>' in page
    assert '<del class="diff-delete"' in page and '<ins class="diff-insert"' in page
    assert "同音字" in page and "未作答" in page
    assert KEY["address"] in page
    assert "选手1" not in page and "E0001" not in page and "学校1" not in page
    assert 'name="item_key" value="a01.name"' in page


def test_judge_override_of_a_field_counts(app, seat):
    save(seat, {"a01.name": "章明亮"})
    submit(seat)
    judge = app.test_client()
    login_staff(judge, "judge")
    url = f"/judge/sessions/{seat['session_id']}/seats/07"
    judge.post(url + "/override", data={"csrf_token": csrf_token(judge, url),
                                        "item_key": "a01.name", "points": "1",
                                        "reason": "录音中“张”字发音含糊,仲裁给分"})
    page = judge.get(url).get_data(as_text=True)
    assert "录音中“张”字发音含糊,仲裁给分" in page and "已改分" in page


HOSTILE = {
    "a01.name": "<script>alert(1)</script>",
    "a01.address": "浙江省\x1b[31m杭州市\x00西湖区\t文三路27号\u202e",
    "a01.phone": "📞138 5712 0693😀",
    "a01.postcode": "&lt;310012&gt;",
    "a01.email": "x" * 1900 + "@163.com",
}


def test_hostile_input_is_stored_as_text_shown_escaped_and_scored(app, seat):
    reply = save(seat, HOSTILE)
    assert len(reply["acked"]) == 5
    with app.app_context():
        # NUL cannot live in a PostgreSQL text column: it is kept visible as U+FFFD.
        stored = {**HOSTILE, "a01.address": HOSTILE["a01.address"].replace("\x00", "\ufffd")}
        assert current_answers(seat["attempt_id"]) == stored
    reload = seat["client"].get(f"/attempt/{seat['attempt_id']}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in reload
    submit(seat)
    results = results_of(app, seat)
    assert all(r["points"] == 0 for r in results.values())
    assert "truncated" in results["a01.email"]["flags"]
    page = judge_page(app, seat)
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "\x1b" not in page and "\x00" not in page and "␛[31m" in page and "杭州市\ufffd西湖区" in page
    assert "📞138 5712 0693😀" in page and "&amp;lt;310012&amp;gt;" in page


@pytest.mark.parametrize("value,code", [
    (12345, "bad_value"), (["张"], "bad_value"), (None, "bad_value"), ("字" * 2001, "too_long"),
])
def test_values_that_are_not_text_are_refused_and_change_nothing(app, seat, value, code):
    save(seat, {"a01.name": "张明亮"})
    reply = save(seat, {"a01.name": value}, first_seq=2)
    assert reply["acked"] == [] and reply["rejected"][0]["code"] == code
    assert reply["rejected"][0]["message"] in ("答案须为文字", "每项最多录入 2000 个字符")
    with app.app_context():
        assert current_answers(seat["attempt_id"]) == {"a01.name": "张明亮"}


def test_a_lone_surrogate_is_kept_visible_not_fatal(app, seat):
    body = ('{"items": [{"key": "a01.name", "seq": 1, "value": "张\\ud800明亮"}]}')
    reply = seat["client"].post(f"/api/attempts/{seat['attempt_id']}/answers", data=body,
                                headers={"X-CSRFToken": seat["token"],
                                         "Content-Type": "application/json"}).get_json()
    assert len(reply["acked"]) == 1
    with app.app_context():
        assert current_answers(seat["attempt_id"])["a01.name"] == "张\ufffd明亮"
    submit(seat)
    assert "张\ufffd明亮" in judge_page(app, seat)


def test_server_only_keys_and_unknown_calls_are_refused(seat):
    reply = save(seat, {"a09.name": "张明亮", "a01.nickname": "小张"})
    assert [r["code"] for r in reply["rejected"]] == ["unknown_item", "unknown_item"]
