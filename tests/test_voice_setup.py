"""Setting up a 语音情景 session: the organizer's form offers the shipped cards, the content is
frozen with its judging settings, and the preview shows the card keys to the organizer only."""
from __future__ import annotations

from sqlalchemy import select

from contest.extensions import db
from contest.models import ModuleSession
from support import csrf_token, gen_contest, gen_staff, login_staff


def test_organizer_adds_a_voice_session_through_the_form(app):
    organizer = app.test_client()
    with app.app_context():
        gen_staff("org", "organizer")
        contest_id = gen_contest().id
    login_staff(organizer, "org")
    url = f"/organizer/contests/{contest_id}/sessions/new/voice"
    form = organizer.get(url).get_data(as_text=True)
    assert "家庭财产保险外呼营销" in form and "宽带连续断网投诉" in form
    fields = {"csrf_token": csrf_token(organizer, url), "title": "语音情景", "weight": "35",
              "duration_min": "60", "inbound_card": "in-wrong-bill",
              "outbound_card": "out-home-insurance", "include_repeat": "y", "retakes": "1",
              "max_seconds": "240", "min_seconds": "15", "prompt_plays": "2",
              "judges_per_recording": "5", "spread_alert_ratio": "0.2",
              "red_line_rule": "majority"}
    refused = organizer.post(url, data=fields).get_data(as_text=True)
    assert "两张情景卡片都没有复述内容" in refused
    response = organizer.post(url, data={**fields, "outbound_card": "out-membership-card"})
    assert response.status_code == 302
    with app.app_context():
        session = db.session.execute(select(ModuleSession)).scalar_one()
        content = session.content
    assert content["recordings"] == ["inbound", "outbound", "repeat"]
    assert content["repeat"]["card"] == "outbound"
    assert content["limits"] == {"max_takes": 2, "max_seconds": 240, "min_seconds": 15,
                                 "prompt_plays": 2}
    assert content["voice"]["judges_per_recording"] == 5
    assert content["voice"]["red_line_rule"] == "majority"
    preview = organizer.get(f"/organizer/sessions/{session.id}/preview").get_data(as_text=True)
    assert "话费账单多扣投诉" in preview and content["repeat"]["text"] in preview
