"""Security headers on every route as every role (pages, JSON, files, redirects, errors), HTML
that runs under the strict CSP (no inline scripts, handlers or styles), and cookie flags,
Secure behind HTTPS when the instance says so."""
from __future__ import annotations

from html.parser import HTMLParser
from typing import Any, Iterator

import pytest

from contest.access import PUBLIC, is_static
from hostile_support import build_world, client_for, route_url
from test_capture_content import clip_set

ROLES = ("anonymous", "contestant", "judge", "chief_judge", "organizer")


@pytest.fixture
def world(app, tmp_path):
    """Every module running; seat 02 has answered and handed in, so judges have results."""
    from hostile_support import Terminal

    world = build_world(app, clips=clip_set(tmp_path / "set_x"))
    seat = Terminal(app, world.contest_id, "E0002")
    for kind, attempts in world.attempts.items():
        if kind == "echo":
            seat.post(f"/api/attempts/{attempts['02']}/answers",
                      {"items": [{"key": "e1", "seq": 1, "value": "ok"}]})
        seat.post(f"/api/attempts/{attempts['02']}/submit", {})
    return world


def assert_secure_headers(response: Any, where: str) -> None:
    headers = response.headers
    csp = headers.get("Content-Security-Policy", "")
    directives = {part.split()[0]: part.split()[1:] for part in csp.split("; ") if part}
    scripts = directives.get("script-src", directives.get("default-src"))
    assert scripts == ["'self'"], f"{where}: script-src {scripts}"
    assert directives.get("style-src") == ["'self'"], f"{where}: style-src"
    assert directives.get("object-src") == ["'none'"], where
    assert directives.get("frame-ancestors") == ["'none'"], where
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp, where
    assert headers.get("X-Content-Type-Options") == "nosniff", where
    assert headers.get("X-Frame-Options") == "DENY", where
    assert headers.get("Referrer-Policy") == "same-origin", where
    if response.mimetype in ("text/html", "application/json"):
        assert "no-store" in headers.get("Cache-Control", ""), where


class InlineCode(HTMLParser):
    """What a strict CSP would block in a page: inline scripts and styles, event handler
    attributes, javascript: links, and anything loaded from another host."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=>")
            if name == "style":
                self.problems.append(f"<{tag} style=>")
            if name in ("href", "src", "action", "formaction") and value:
                if value.strip().lower().startswith("javascript:"):
                    self.problems.append(f"<{tag} {name}=javascript:>")
                if value.startswith(("http://", "https://", "//")):
                    self.problems.append(f"<{tag} {name}={value}> (another host)")
        if tag == "script" and not values.get("src") and \
                values.get("type") != "application/json":
            self.problems.append("<script> without src")
        if tag == "style":
            self.problems.append("<style> block")


def inline_code(page: str) -> list[str]:
    parser = InlineCode()
    parser.feed(page)
    return parser.problems


def urls(rule: Any, world: Any) -> Iterator[str]:
    """Every URL of a rule worth seeing: each module's session, seats 01 and 02, each kind."""
    kinds = [kind for kind in world.sessions if f"/m/{kind}/" in rule.rule] or list(
        world.sessions)
    for kind in kinds:
        for seat in ("01", "02"):
            yield route_url(rule, world, session_id=world.sessions[kind], seat=seat,
                            attempt_id=world.attempts[kind]["01"], kind=kind)
            if "seat" not in rule.arguments:
                break
        if not rule.arguments & {"session_id", "attempt_id", "kind"}:
            break


@pytest.mark.parametrize("role", ROLES)
def test_every_route_sends_the_security_headers_and_pages_run_no_inline_code(app, world,
                                                                             role):
    client, token = client_for(app, world, role)
    seen, pages, problems = 0, 0, []  # pages: HTML served in full (200)
    # Pages first, then the POSTs (a hand-in would turn attempt pages into redirects);
    # logging out ends the sweep.
    requests = sorted(((method, url, rule.endpoint == "auth.logout")
                       for rule in app.url_map.iter_rules() if not is_static(rule.endpoint)
                       for url in dict.fromkeys(urls(rule, world))
                       for method in rule.methods - {"HEAD", "OPTIONS"}),
                      key=lambda r: (r[2], r[0] != "GET", r[1]))
    for method, url, _ in requests:
        response = client.open(url, method=method, headers={"X-CSRFToken": token},
                               data={"csrf_token": token})
        where = f"{role} {method} {url} ({response.status_code})"
        assert response.status_code < 500, where
        assert_secure_headers(response, where)
        seen += 1
        if response.mimetype == "text/html":
            pages += response.status_code == 200
            problems += [f"{where}: {p}" for p in inline_code(response.get_data(as_text=True))]
    assert problems == []
    # Today: 168 responses; full pages 4 / 11 / 16 / 28 / 37 in the order of ROLES.
    assert seen > 150 and pages >= {"anonymous": 4, "contestant": 10, "judge": 15,
                                    "chief_judge": 25, "organizer": 35}[role]


def test_attempt_pages_of_every_module_run_no_inline_code(app, world):
    client, _ = client_for(app, world, "contestant")
    for kind, attempts in world.attempts.items():
        response = client.get(f"/attempt/{attempts['01']}")
        assert response.status_code == 200, kind
        assert_secure_headers(response, kind)
        page = response.get_data(as_text=True)
        assert inline_code(page) == [], kind
        assert 'type="application/json"' in page


@pytest.fixture
def boom(app):
    """A route with a bug, added before the app serves its first request."""
    from contest.access import allow

    @allow(PUBLIC)
    def hostile_boom() -> Any:
        raise RuntimeError("a bug")

    app.add_url_rule("/hostile-boom", view_func=hostile_boom)


def test_static_files_errors_and_downloads_carry_the_headers_too(app, boom, world):
    client, _ = client_for(app, world, "anonymous")
    for url in ("/static/css/app.css", "/static/js/common.js", "/no-such-page",
                "/api/no-such-endpoint", "/hostile-boom", "/m/voice/static/voice.js"):
        response = client.get(url)
        assert_secure_headers(response, url)
    assert client.get("/hostile-boom").status_code == 500
    assert "服务器内部错误" in client.get("/hostile-boom").get_data(as_text=True)
    organizer, _ = client_for(app, world, "organizer")
    download = organizer.get(f"/organizer/contests/{world.contest_id}/roster/template.xlsx")
    assert download.status_code == 200
    assert_secure_headers(download, "roster template")
    terminal, _ = client_for(app, world, "contestant")
    raw = terminal.get(f"/m/report/attempts/{world.attempts['report']['01']}/raw_data.xlsx")
    assert raw.status_code == 200 and "no-store" in raw.headers["Cache-Control"]
    assert_secure_headers(raw, "raw data")


def cookie_attributes(response: Any, name: str) -> list[str]:
    headers = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(f"{name}=")]
    assert headers, f"no {name} cookie set"
    return [part.strip().lower() for part in headers[-1].split(";")[1:]]


def log_in_at_a_terminal(client: Any, contest_id: int) -> Any:
    from support import csrf_token, pin_for

    token = csrf_token(client, "/")
    return client.post("/", data={"contest_id": contest_id, "exam_no": "E0001",
                                  "pin": pin_for(1), "csrf_token": token})


def test_cookies_are_http_only_and_same_site_lax_on_plain_http(app, world):
    response = log_in_at_a_terminal(app.test_client(), world.contest_id)
    assert response.status_code == 302
    session = cookie_attributes(response, "session")
    assert "httponly" in session and "samesite=lax" in session and "secure" not in session
    terminal = cookie_attributes(app.test_client().get("/"), "terminal_id")
    assert "httponly" in terminal and "samesite=lax" in terminal and "secure" not in terminal
    assert "max-age=31536000" in terminal


def secure_app(monkeypatch: Any, tmp_path: Any, databases: Any, value: str) -> Any:
    """An app configured as on a real server: instance folder and environment only."""
    from contest import create_app

    instance = tmp_path / "instance_env"
    instance.mkdir()
    uri = databases.new(instance)
    monkeypatch.setenv("CONTEST_INSTANCE_PATH", str(instance))
    monkeypatch.setenv("CONTEST_SQLALCHEMY_DATABASE_URI", uri)
    monkeypatch.setenv("CONTEST_STORAGE_DIR", str(instance / "files"))
    monkeypatch.setenv("CONTEST_BACKGROUND_SWEEP_SECONDS", "0")
    if value:
        monkeypatch.setenv("CONTEST_SESSION_COOKIE_SECURE", value)
    return create_app()


@pytest.mark.parametrize("value,secure", [("true", True), ("false", False), ("", False)])
def test_the_environment_switch_marks_both_cookies_secure(monkeypatch, tmp_path, databases,
                                                          value, secure):
    from contest.extensions import db
    from support import gen_contest, gen_contestant

    app = secure_app(monkeypatch, tmp_path, databases, value)
    try:
        assert app.config["SESSION_COOKIE_SECURE"] is secure
        with app.app_context():
            contest = gen_contest()
            gen_contestant(contest, 1, seat="01")
            contest_id = contest.id
        client = app.test_client()
        response = log_in_at_a_terminal(client, contest_id)
        assert response.status_code == 302
        for name in ("session", "terminal_id"):
            attributes = cookie_attributes(response if name == "session" else
                                           app.test_client().get("/"), name)
            assert ("secure" in attributes) is secure, (name, attributes)
            assert "httponly" in attributes and "samesite=lax" in attributes
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        databases.drop(app.config["SQLALCHEMY_DATABASE_URI"])


def test_a_terminal_cookie_is_secure_whenever_the_request_came_over_https(app, world):
    response = app.test_client().get("/", base_url="https://localhost")
    assert "secure" in cookie_attributes(response, "terminal_id")
