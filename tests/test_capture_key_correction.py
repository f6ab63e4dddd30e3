"""The chief judge corrects a call's key: every closed attempt is re-scored in a preview (who
gains, who loses, how much) before anything is written; applying replaces the content,
stores the new results and is audited. Nobody else may."""
from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select

from contest.extensions import db
from contest.models import Attempt, AuditEntry, ModuleSession
from contest.services.content import session_content
from contest.services.sessions import start_session
from support import (csrf_token, gen_contest, gen_contestant, gen_session, gen_staff,
                     login_contestant, login_staff, post_json)
from test_capture_content import SHIPPED, capture_settings, clip_set

KEY = SHIPPED["calls"][0]["key"]
#: What the recording "really" says: 张明良, not 张明亮.
HEARD = "张明良"


@pytest.fixture
def sat(app, tmp_path):
    """Three seats sat the session: one typed the key, one what the recording says, one is
    still typing."""
    root = clip_set(tmp_path / "set_t")
    with app.app_context():
        contest = gen_contest()
        for number, seat in ((1, "01"), (2, "02"), (3, "03")):
            gen_contestant(contest, number, seat=seat)
        for role in ("chief_judge", "judge", "organizer"):
            gen_staff(role, role)
        session = gen_session(contest, "capture", **capture_settings(root))
        start_session(session, "test")
        db.session.commit()
        ids = {"contest_id": contest.id, "session_id": session.id}
    for number, name in ((1, KEY["name"]), (2, HEARD), (3, None)):
        client = app.test_client()
        login_contestant(client, ids["contest_id"], f"E{number:04d}")
        token = csrf_token(client, "/lobby")
        with app.app_context():
            attempt_id = db.session.execute(select(Attempt.id).where(
                Attempt.seat_no == f"0{number}")).scalar_one()
        if name:
            post_json(client, f"/api/attempts/{attempt_id}/answers",
                      {"items": [{"key": "a01.name", "seq": 1, "value": name}]}, token)
            post_json(client, f"/api/attempts/{attempt_id}/submit", {}, token)
        else:
            ids["typing"] = (client, token, attempt_id)
    return ids


def staff(app: Any, role: str) -> Any:
    client = app.test_client()
    login_staff(client, role)
    return client


def key_form(client: Any, session_id: int, **changes: str) -> dict[str, str]:
    page = client.get(f"/m/capture/sessions/{session_id}/key?call=a01").get_data(as_text=True)
    form = dict(re.findall(r'<input[^>]*name="(\w+)"[^>]*value="([^"]*)"', page))
    form |= {name: "" for name in re.findall(r'<textarea[^>]*name="(\w+)"', page)}
    form.update(changes)
    return form


def seat_points(app: Any, seat: str) -> float:
    with app.app_context():
        results = db.session.execute(select(Attempt.results).where(
            Attempt.seat_no == seat)).scalar_one()
        return sum(r["points"] for r in results)


def test_preview_shows_who_gains_and_who_loses_and_writes_nothing(app, sat):
    chief = staff(app, "chief_judge")
    form = key_form(chief, sat["session_id"], name=HEARD, reason="复听录音,名为“良”")
    page = chief.post(f"/m/capture/sessions/{sat['session_id']}/key/preview",
                      data=form).get_data(as_text=True)
    assert "1 人加分" in page and "1 人减分" in page and "1 人仍在作答" in page
    rows = re.findall(r"<tr><td>(0\d)</td>.*?badge (ok|bad)\">([+\-][\d.]+)<", page, re.S)
    assert rows == [("01", "bad", "-1"), ("02", "ok", "+1")]
    assert "第 1 通 客户姓名:1 → 0" in page and "确认应用更正" in page
    with app.app_context():
        session = db.session.get(ModuleSession, sat["session_id"])
        assert session.content_version == 1
        assert session_content(session)["calls"][0]["key"]["name"] == KEY["name"]
    assert seat_points(app, "01") == 1 and seat_points(app, "02") == 0


def test_apply_rescores_every_closed_attempt_and_is_audited(app, sat):
    chief = staff(app, "chief_judge")
    url = f"/m/capture/sessions/{sat['session_id']}/key"
    form = key_form(chief, sat["session_id"], name=HEARD, reason="复听录音,名为“良”",
                    name_alternatives="张明亮\n")
    preview = chief.post(url + "/preview", data=form).get_data(as_text=True)
    form["previewed"] = re.search(r'name="previewed" type="hidden" value="(\w+)"',
                                  preview).group(1)
    page = chief.post(url + "/apply", data=form, follow_redirects=True).get_data(as_text=True)
    assert "2 份作答已重新评分:1 人加分,0 人减分" in page
    assert "复听录音,名为“良”" in page   # the correction history
    assert seat_points(app, "01") == 1 and seat_points(app, "02") == 1
    with app.app_context():
        session = db.session.get(ModuleSession, sat["session_id"])
        key = session_content(session)["calls"][0]["key"]
        assert session.content_version == 2
        assert key["name"] == HEARD and key["alternatives"] == {"name": ["张明亮"]}
        entry = db.session.execute(select(AuditEntry).where(
            AuditEntry.action == "capture.key_correct")).scalar_one()
        assert entry.details["before"]["name"] == KEY["name"]
        assert entry.details["after"]["name"] == HEARD and entry.details["gained"] == 1
    seat3, token, attempt_id = sat["typing"]
    post_json(seat3, f"/api/attempts/{attempt_id}/answers",
              {"items": [{"key": "a01.name", "seq": 1, "value": HEARD}]}, token)
    post_json(seat3, f"/api/attempts/{attempt_id}/submit", {}, token)
    assert seat_points(app, "03") == 1   # scored at close against the corrected key


def test_apply_needs_the_previewed_edit_and_the_current_version(app, sat):
    chief = staff(app, "chief_judge")
    url = f"/m/capture/sessions/{sat['session_id']}/key"
    form = key_form(chief, sat["session_id"], name=HEARD, reason="复听录音")
    unpreviewed = chief.post(url + "/apply", data=form).get_data(as_text=True)
    assert "请先预览再应用" in unpreviewed
    preview = chief.post(url + "/preview", data=form).get_data(as_text=True)
    form["previewed"] = re.search(r'name="previewed" type="hidden" value="(\w+)"',
                                  preview).group(1)
    changed = chief.post(url + "/apply", data={**form, "name": "张明量"}).get_data(as_text=True)
    assert "请先预览再应用" in changed
    stale = chief.post(url + "/apply", data={**form, "version": "0"}).get_data(as_text=True)
    assert "答案已被他人更新" in stale
    with app.app_context():
        assert db.session.get(ModuleSession, sat["session_id"]).content_version == 1


@pytest.mark.parametrize("changes,message", [
    ({"reason": ""}, "请填写更正理由"),
    ({"name": "  "}, "请填写客户姓名"),
    ({"postcode": "——"}, "邮政编码:去掉空格和标点后为空"),
    ({}, "答案没有变化"),
    ({"call": "zz"}, "来电不存在"),
])
def test_bad_corrections_are_explained(app, sat, changes, message):
    chief = staff(app, "chief_judge")
    form = key_form(chief, sat["session_id"], **{"reason": "复听录音", **changes})
    page = chief.post(f"/m/capture/sessions/{sat['session_id']}/key/preview", data=form)
    assert page.status_code == 200 and message in page.get_data(as_text=True)


@pytest.mark.parametrize("role,status", [("judge", 403), ("organizer", 403)])
def test_only_the_chief_judge_corrects_keys(app, sat, role, status):
    client = staff(app, role)
    url = f"/m/capture/sessions/{sat['session_id']}/key"
    assert client.get(url).status_code == status
    token = csrf_token(client, "/staff/login")
    assert client.post(url + "/preview", data={"csrf_token": token}).status_code == status


def test_the_chief_judge_finds_the_correction_page(app, sat):
    seat_url = f"/judge/sessions/{sat['session_id']}/seats/01"
    assert "更正标准答案" in staff(app, "chief_judge").get(seat_url).get_data(as_text=True)
    assert "更正标准答案" not in staff(app, "judge").get(seat_url).get_data(as_text=True)
    seats = staff(app, "chief_judge").get(f"/judge/sessions/{sat['session_id']}")
    assert f'href="/m/capture/sessions/{sat["session_id"]}/key"' in seats.get_data(as_text=True)


def test_no_correction_once_the_scores_are_locked(app, sat):
    chief = staff(app, "chief_judge")
    form = key_form(chief, sat["session_id"], name=HEARD, reason="复听录音")
    with app.app_context():
        session = db.session.get(ModuleSession, sat["session_id"])
        session.locked_at = session.started_at
        db.session.commit()
    page = chief.post(f"/m/capture/sessions/{sat['session_id']}/key/preview", data=form)
    assert "本模块成绩已锁定" in page.get_data(as_text=True)
    assert "确认应用更正" not in page.get_data(as_text=True)
