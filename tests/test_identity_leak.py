"""After a complete contest with every module, every page, JSON answer and file a judge or the
chief judge can reach is scanned for names, schools, exam numbers and ID numbers: none may
appear before the identities are unsealed.

The scan crawls from the judges' home page the way a curious judge would: every link, media
source and data-*-url on every page, GET only, same site. Office files are unzipped and every
part read; PDFs are read as text; download file names are checked too."""
from __future__ import annotations

import io
import re
import subprocess
import tempfile
import zipfile
from collections import deque
from datetime import timedelta
from typing import Any
from urllib.parse import urljoin, urlparse

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import select

from ceremony_support import id_number
from contest import clock
from contest.extensions import db
from contest.models import Attempt, Contestant, ModuleSession
from contest.services.sessions import finish_if_due, start_session
from report_support import task_files
from support import csrf_token, gen_contest, gen_contestant, gen_session, gen_staff, post_json
from test_capture_content import capture_settings, clip_set
from voice_support import Terminal as VoiceTerminal
from voice_support import speech_webm

PEOPLE = [(7731, "01", "欧阳明轩", "青松保密职业学校"),
          (7732, "02", "司马静怡", "白桦机密商贸学校"),
          (7733, "03", "诸葛晨曦", "红枫绝密信息学校")]
LINK = re.compile(r'(?:href|src|data-[a-z-]*url)="([^"#]+)"')


def identities() -> list[str]:
    values = []
    for number, _, name, school in PEOPLE:
        values += [name, school, f"E{number:04d}", id_number(number)]
    return values


@pytest.fixture
def finished_contest(app, tmp_path):
    """Four sessions — quiz, capture, report, voice — sat and handed in by three contestants."""
    with app.app_context():
        contest = gen_contest("保密测试赛")
        for number, seat, name, school in PEOPLE:
            person = gen_contestant(contest, number, seat=seat)
            person.name, person.school, person.id_number = name, school, id_number(number)
        sessions = {
            "quiz": gen_session(contest, "quiz", single_count=3, single_points=1,
                                multiple_count=1, multiple_points=2, judge_count=1,
                                judge_points=1, spread_topics=False, policy="exact"),
            "capture": gen_session(contest, "capture",
                                   **capture_settings(clip_set(tmp_path / "set"))),
            "report": gen_session(contest, "report"),
            "voice": gen_session(contest, "voice", include_repeat=False),
        }
        for session in sessions.values():
            start_session(session, "test")
        for name in ("judge1", "judge2", "judge3"):
            gen_staff(name, "judge")
        gen_staff("chief", "chief_judge")
        db.session.commit()
        attempts = {(s.kind, a.seat_no): a.id for s in sessions.values()
                    for a in db.session.execute(select(Attempt).where(
                        Attempt.session_id == s.id)).scalars()}
        contest_id = contest.id
    xlsx, docx = signed_files(*task_files())
    webm = speech_webm(str(tmp_path))
    for number, seat, name, school in PEOPLE:
        terminal = VoiceTerminal(app, contest_id, f"E{number:04d}")
        sit(terminal, attempts, seat, name, school, xlsx(name, school), docx(name, school), webm)
    clock.travel(timedelta(hours=2))
    with app.app_context():
        for session in db.session.execute(select(ModuleSession)).scalars():
            finish_if_due(session)
        db.session.commit()
    return contest_id


def signed_files(xlsx: bytes, docx: bytes) -> tuple[Any, Any]:
    """Copies of the correct answers whose document properties carry the contestant's name."""
    def workbook(name: str, school: str) -> bytes:
        book = load_workbook(io.BytesIO(xlsx))
        book.properties.creator, book.properties.lastModifiedBy = name, name
        book.properties.title = f"{school}{name}的报表"
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    def report(name: str, school: str) -> bytes:
        document = Document(io.BytesIO(docx))
        document.core_properties.author, document.core_properties.last_modified_by = name, name
        document.core_properties.comments = school
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()
    return workbook, report


def sit(terminal: Any, attempts: dict, seat: str, name: str, school: str, xlsx: bytes,
        docx: bytes, webm: bytes) -> None:
    client, token = terminal.client, terminal.token
    quiz = attempts[("quiz", seat)]
    post_json(client, f"/api/attempts/{quiz}/answers", {"items": []}, token)
    capture = attempts[("capture", seat)]
    # What contestants type is shown to judges by design, so the answers carry no identity;
    # the system must not add any (names in file names and document properties, for one).
    typed = [{"key": f"a01.{field}", "seq": n, "value": value} for n, (field, value) in
             enumerate([("name", "王小明"), ("phone", "13800138000")], start=1)]
    assert post_json(client, f"/api/attempts/{capture}/answers", {"items": typed},
                     token).status_code == 200
    report = attempts[("report", seat)]
    for slot, data in (("xlsx", xlsx), ("docx", docx)):
        response = client.post(f"/m/report/api/attempts/{report}/files/{slot}",
                               data={"file": (io.BytesIO(data), f"{name}_{school}.{slot}")},
                               headers={"X-CSRFToken": token},
                               content_type="multipart/form-data")
        assert response.status_code == 200, response.get_json()
    voice = attempts[("voice", seat)]
    post_json(client, f"/api/attempts/{voice}/answers", {"items": [
        {"key": "script:inbound", "seq": 1, "value": "您好,我是客服代表,工号2231。"}]}, token)
    assert terminal.upload(voice, "inbound", webm).status_code == 200
    for attempt_id in (quiz, capture, report, voice):
        post_json(client, f"/api/attempts/{attempt_id}/submit", {}, token)


def crawl(client: Any, start: str, limit: int = 600) -> dict[str, Any]:
    """GET every same-site URL reachable from ``start``; returns url -> response."""
    seen: dict[str, Any] = {}
    queue = deque([start])
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen or "/logout" in url:
            continue
        response = client.get(url)
        seen[url] = response
        if response.mimetype == "text/html":
            for link in LINK.findall(response.get_data(as_text=True)):
                target = urljoin(url, link.replace("&amp;", "&"))
                parsed = urlparse(target)
                if not parsed.netloc or parsed.netloc == "localhost":
                    queue.append(parsed.path + (f"?{parsed.query}" if parsed.query else ""))
    return seen


def readable_text(response: Any) -> str:
    """Everything a person could read out of a response: body text, Office parts, PDF text."""
    header = response.headers.get("Content-Disposition", "")
    data = response.data
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return header + "".join(package.read(n).decode("utf-8", "replace")
                                    for n in package.namelist())
    if data[:4] == b"%PDF":
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(data)
            handle.flush()
            return header + subprocess.run(["pdftotext", handle.name, "-"], capture_output=True,
                                           text=True, check=True).stdout
    if response.mimetype.startswith(("audio/", "image/")):
        return header
    return header + data.decode("utf-8", "replace")


@pytest.mark.parametrize("who", ["judge1", "chief"])
def test_no_identity_reaches_a_judge_before_unsealing(app, finished_contest, who):
    client = app.test_client()
    client.post("/staff/login", data={"username": who, "password": "correct-horse-9",
                                      "csrf_token": csrf_token(client)})
    chief = app.test_client()
    chief.post("/staff/login", data={"username": "chief", "password": "correct-horse-9",
                                     "csrf_token": csrf_token(chief)})
    crawl(chief, "/judge/")                          # the chief's visit assigns the recordings
    pages = crawl(client, "/judge/")
    reached = [url for url, r in pages.items() if r.status_code == 200]
    kinds = {urlparse(url).path.split("/")[2] for url in reached if url.startswith("/m/")}
    assert {"capture", "report", "voice"} <= kinds, kinds
    assert any(r.data[:2] == b"PK" for r in pages.values()), "no uploaded file was reached"
    assert any(r.mimetype.startswith("audio/") for r in pages.values()), "no recording reached"
    leaks = [(url, value) for url, response in pages.items() for value in identities()
             if value in readable_text(response)]
    assert leaks == []
    assert len(reached) > 20


def test_the_scan_would_see_a_name_if_one_leaked(app, finished_contest):
    """The crawler is not blind: the organizer's roster page, crawled the same way, shows them."""
    organizer = app.test_client()
    with app.app_context():
        gen_staff("org", "organizer")
    organizer.post("/staff/login", data={"username": "org", "password": "correct-horse-9",
                                         "csrf_token": csrf_token(organizer)})
    pages = crawl(organizer, f"/organizer/contests/{finished_contest}/contestants", limit=3)
    text = "".join(readable_text(r) for r in pages.values())
    assert all(value in text for value in identities())
    with app.app_context():
        assert db.session.scalar(select(Contestant.name).where(
            Contestant.exam_no == "E7731")) == "欧阳明轩"
