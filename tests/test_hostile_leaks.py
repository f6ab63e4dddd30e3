"""Zero leaks to terminals: no response a contestant can provoke (pages, JSON, files, refusals
and error pages, for their own ids and everybody else's) carries another contestant's name,
school, exam number, answers or file names."""
from __future__ import annotations

import io
import re
from typing import Any, Iterator

import pytest

from contest.access import is_static
from hostile_support import Terminal, build_world, route_url
from report_support import task_files
from test_capture_content import clip_set

MARKS = {"echo": ("e1", "甲号秘密答案"), "voice": ("script:inbound", "乙号秘密话术"),
         "capture": ("a01.name", "丙号秘密姓名")}
FOREIGN_FILE = "选手二专属报表.xlsx"
#: CSRF tokens carry a timestamp: two pages of one session differ only there.
TOKEN = re.compile(r'"Ij[\w.-]+"')


@pytest.fixture
def world(app, tmp_path):
    """Seat 02 has answered every module and uploaded a workbook; contest B exists."""
    world = build_world(app, clips=clip_set(tmp_path / "set_l"))
    other = Terminal(app, world.contest_id, "E0002")
    for kind, (key, value) in MARKS.items():
        saved = other.post(f"/api/attempts/{world.attempts[kind]['02']}/answers",
                           {"items": [{"key": key, "seq": 1, "value": value}]})
        assert saved.get_json()["acked"], (kind, saved.get_json())
    workbook, _ = task_files()
    uploaded = other.post(f"/m/report/api/attempts/{world.attempts['report']['02']}/files/xlsx",
                          data={"file": (io.BytesIO(workbook), FOREIGN_FILE)},
                          content_type="multipart/form-data")
    assert uploaded.status_code == 200
    return world


def secrets_of_others(app: Any) -> list[str]:
    """Everything that identifies seat 02 and contest B's contestant, or is theirs."""
    from contest.extensions import db
    from contest.models import Contestant

    with app.app_context():
        people = db.session.query(Contestant).filter(Contestant.exam_no != "E0001").all()
        found = [value for person in people
                 for value in (person.name, person.exam_no, person.school) if value]
    return found + [value for _, value in MARKS.values()] + [FOREIGN_FILE]


def every_request(app: Any, world: Any) -> Iterator[tuple[str, str]]:
    """Each route once per module, with seat 01's ids and with seat 02's and contest B's."""
    foreign = [world.attempts[kind]["02"] for kind in world.attempts]
    foreign.append(world.other_contest_attempt)
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if is_static(rule.endpoint) or rule.endpoint == "auth.logout":
            continue
        for kind in world.sessions:
            ids = [world.attempts[kind]["01"], *foreign] if "attempt_id" in rule.arguments \
                else [world.attempts[kind]["01"]]
            for attempt_id in ids:
                url = route_url(rule, world, session_id=world.sessions[kind], kind=kind,
                                attempt_id=attempt_id, broadcast_id=world.foreign_broadcast_id)
                for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                    yield method, url
            if not rule.arguments & {"session_id", "attempt_id", "kind"}:
                break


def test_nothing_a_contestant_can_ask_for_shows_anybody_else(app, world):
    terminal = Terminal(app, world.contest_id, "E0001")
    secrets = secrets_of_others(app)
    assert "选手2" in secrets and "E0003" in secrets and "学校2" in secrets
    leaks, asked = [], 0
    requests = sorted(set(every_request(app, world)), key=lambda r: (r[0] != "GET", r[1]))
    for method, url in requests:
        if method == "GET":
            response = terminal.client.get(url)
        else:
            response = terminal.post(url, {"items": [], "call": "a01"})
        asked += 1
        # Bytes: downloads (the raw workbook, clips) are searched as sent.
        body = response.get_data() + str(response.headers).encode()
        leaks += [f"{method} {url} ({response.status_code}): {secret}"
                  for secret in secrets if secret.encode() in body]
    assert asked > 150
    assert leaks == []


def test_a_foreign_record_is_refused_exactly_like_one_that_does_not_exist(app, world):
    """Same status, same words: the refusal neither echoes the record nor confirms it."""
    terminal = Terminal(app, world.contest_id, "E0001")
    secrets = secrets_of_others(app)
    unknown = 999_999

    def ask(template: str, record: int) -> tuple[int, str]:
        url = template.format(record)
        if url.startswith("/api/") or "/api/" in url:
            response = terminal.post(url, {"items": [{"key": "e1", "seq": 5, "value": "x"}],
                                           "call": "a01"})
        else:
            response = terminal.client.get(url)
        return response.status_code, TOKEN.sub('""', response.get_data(as_text=True))

    for template, record in (
            ("/attempt/{}", world.attempts["echo"]["02"]),
            ("/attempt/{}/done", world.other_contest_attempt),
            ("/api/attempts/{}/status", world.attempts["voice"]["02"]),
            ("/api/attempts/{}/answers", world.attempts["echo"]["02"]),
            ("/api/attempts/{}/submit", world.attempts["capture"]["02"]),
            ("/api/broadcasts/{}/ack", world.foreign_broadcast_id),
            ("/m/report/attempts/{}/raw_data.xlsx", world.attempts["report"]["02"]),
            ("/m/capture/api/attempts/{}/plays", world.attempts["capture"]["02"]),
            ("/m/voice/api/attempts/{}/device", world.attempts["voice"]["02"])):
        status, body = ask(template, record)
        assert (status, body) == ask(template, unknown), template
        assert status == 404 and not [secret for secret in secrets if secret in body]
    for url in ("/judge/", "/organizer/", "/organizer/audit", "/no-such-page"):
        body = terminal.client.get(url).get_data(as_text=True)
        assert not [secret for secret in secrets if secret in body], url
