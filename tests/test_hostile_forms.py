"""Property-based fuzzing of every form and query string the staff and the login pages take:
any field of any form of the app, filled with hostile numbers, dates and text, posted to any
route the role may call, never causes a server error; neither does any query parameter the
app reads, on any page."""
from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from contest.access import PUBLIC, is_static, roles_of
from hostile_bodies import FUZZ, NUMBER, TEXT, formable
from hostile_support import assert_page_answer, build_world, client_for, route_url
from test_capture_content import clip_set

#: Plausible values, so that many posts get past validation and reach the services.
BASE = {
    "reason": "现场复核", "message": "请注意时间", "name": "选手九", "school": "第九职校",
    "exam_no": "E0009", "seat_no": "09", "minutes": "5", "points": "1", "item_key": "e1",
    "title": "测试场次", "weight": "10", "duration_min": "30", "held_on": "2026-11-24",
    "venue": "赛点", "decision": "维持原判", "filed_by": "领队", "call": "a01", "version": "1",
    "confirm": "y", "public_input": "20261124", "outcome": "upheld", "judge": "2",
    "first_ratio": "10", "second_ratio": "20", "third_ratio": "30", "username": "x",
    "password": "x", "pin": "000001", "text": "批注", "previewed": "", "appeal_id": "1",
}
ODD = ["NaN", "nan", "Infinity", "-Infinity", "1e400", "1e-400", "-0", "9" * 30, "-1",
       "2026-02-30", "0000-00-00", "9999-12-31", "², ٣, ９", "0x1F", "1_000", " 1 ", "", "e1",
       "01", "../../etc/passwd", "<script>alert(1)</script>", "y", "on", "true"]
VALUE = st.one_of(st.sampled_from(ODD), NUMBER.map(str), TEXT.map(formable))
QUERY = ["before", "appeal", "call", "q", "next", "t", "page", "seat", "kind"]
ROLES = ("organizer", "chief_judge", "judge")


def field_names() -> list[str]:
    """Every field of every form the app defines (the app is imported by the fixtures)."""
    from flask_wtf import FlaskForm
    from wtforms.fields.core import UnboundField

    def subclasses(cls: type) -> list[type]:
        return [sub for direct in cls.__subclasses__() for sub in (direct, *subclasses(direct))]

    return sorted({name for form in subclasses(FlaskForm) for name in dir(form)
                   if isinstance(getattr(form, name, None), UnboundField)} | set(BASE))


@pytest.fixture
def world(app, tmp_path):
    return build_world(app, clips=clip_set(tmp_path / "set_g"))


def form_routes(app: Any, role: str) -> list[Any]:
    with app.test_request_context():
        return sorted((rule for rule in app.url_map.iter_rules()
                       if "POST" in rule.methods and not is_static(rule.endpoint)
                       and "/api/" not in rule.rule
                       and rule.endpoint not in ("auth.logout", "auth.staff_login",
                                                 "auth.contestant_login")
                       and role in (roles_of(rule.endpoint) or ())), key=lambda r: r.rule)


def fill(rule: Any, world: Any, kind: str, seat: str) -> str:
    return route_url(rule, world, session_id=world.sessions[kind], seat=seat,
                     attempt_id=world.attempts[kind][seat], contestant_id=int(seat))


@pytest.mark.parametrize("role", ROLES)
def test_any_form_field_posted_to_any_route_never_breaks(app, world, role):
    client, token = client_for(app, world, role)
    rules = form_routes(app, role)
    assert rules
    names = field_names()
    assert len(names) > 60

    @settings(FUZZ, max_examples=150)
    @given(rule=st.sampled_from(rules), kind=st.sampled_from(sorted(world.sessions)),
           seat=st.sampled_from(["01", "02"]),
           fields=st.dictionaries(st.sampled_from(names), VALUE, max_size=8),
           repeated=st.lists(st.tuples(st.sampled_from(["judge", "missing", "item_key"]),
                                       VALUE), max_size=3))
    def run(rule, kind, seat, fields, repeated):
        form = MultiDict({**BASE, **fields, "csrf_token": token})
        for name, value in repeated:
            form.add(name, value)
        response = client.post(fill(rule, world, kind, seat), data=form)
        assert_page_answer(response)
        if response.status_code in (301, 302, 303):
            assert_page_answer(client.get(response.headers["Location"]))
    run()


def test_the_login_forms_take_any_input(app, world):
    from support import csrf_token

    client = app.test_client()

    @settings(FUZZ, max_examples=120)
    @given(staff_form=st.booleans(), fields=st.fixed_dictionaries(
        {"username": VALUE, "password": VALUE, "exam_no": VALUE, "pin": VALUE,
         "contest_id": st.one_of(VALUE, st.just(str(world.contest_id)))}))
    def run(staff_form, fields):
        url = "/staff/login" if staff_form else "/"
        response = client.post(url, data={**fields, "csrf_token": csrf_token(client, url)})
        page = assert_page_answer(response)
        assert response.status_code in (200, 400), response.status_code
        assert "<script>alert(1)</script>" not in page
    run()


@pytest.mark.parametrize("role", ("contestant", *ROLES))
def test_any_query_parameter_on_any_page_never_breaks(app, world, role):
    client, _ = client_for(app, world, role)
    with app.test_request_context():
        rules = sorted((rule for rule in app.url_map.iter_rules()
                        if "GET" in rule.methods and not is_static(rule.endpoint)
                        and (PUBLIC in roles_of(rule.endpoint)
                             or role in roles_of(rule.endpoint))), key=lambda r: r.rule)

    @settings(FUZZ, max_examples=120)
    @given(rule=st.sampled_from(rules), kind=st.sampled_from(sorted(world.sessions)),
           query=st.dictionaries(st.sampled_from(QUERY), VALUE, min_size=1, max_size=3))
    def run(rule, kind, query):
        seat = "01"
        response = client.get(fill(rule, world, kind, seat), query_string=query)
        assert response.status_code < 500, (rule.rule, query)
        if response.status_code >= 400 and response.mimetype == "text/html":
            assert_page_answer(response)
    run()


NASTY_IDS = ["9" * 30, str(2**31), "²", "٣", "-1", "1.5", " 1"]


@pytest.mark.parametrize("role", ("contestant", *ROLES))
def test_every_query_parameter_read_as_an_id_takes_any_number(app, world, role):
    """A deterministic sweep behind the fuzzing: each page with every parameter at once,
    for each odd id (pages read their parameters independently)."""
    client, _ = client_for(app, world, role)
    with app.test_request_context():
        rules = [rule for rule in app.url_map.iter_rules()
                 if "GET" in rule.methods and not is_static(rule.endpoint)
                 and role in (roles_of(rule.endpoint) or ())]
    problems = []
    for rule in rules:
        url = fill(rule, world, "echo", "01")
        for value in NASTY_IDS:
            response = client.get(url, query_string={name: value for name in QUERY})
            if response.status_code >= 500:
                problems.append(f"{url} with {value}: {response.status_code}")
    assert problems == []


def test_an_override_with_an_odd_appeal_or_points_is_refused_cleanly(app, world):
    from hostile_support import counts

    seat, seat_token = client_for(app, world, "contestant")
    seat.post(f"/api/attempts/{world.attempts['echo']['01']}/submit", json={},
              headers={"X-CSRFToken": seat_token})
    judge, token = client_for(app, world, "chief_judge")
    before = counts(app, ("item_override", "audit_entry"))
    url = f"/judge/sessions/{world.sessions['echo']}/seats/01/override"
    for appeal in NASTY_IDS:
        for points in ("1", "NaN", "Infinity", "-1e400", "1e400"):
            response = judge.post(url, data={"csrf_token": token, "item_key": "e1",
                                             "points": points, "reason": "复核",
                                             "appeal_id": appeal})
            assert_page_answer(response)
            assert response.status_code == 404, (appeal, points, response.status_code)
    for points in ("NaN", "Infinity", "-1e400", "1e400"):
        response = judge.post(url, data={"csrf_token": token, "item_key": "e1",
                                         "points": points, "reason": "复核"})
        page = judge.get(response.headers["Location"]).get_data(as_text=True)
        assert "分值须在 0 到 1 之间" in page
    assert counts(app, ("item_override", "audit_entry")) == before
