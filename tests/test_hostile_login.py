"""Login throttling, proven from the outside: per account (staff and contestant) and per
address, counted across different browsers at the same address, a lock that holds for its
whole length even against the right password, then lifts; and nothing tells an attacker
whether an account exists."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from contest import clock
from hostile_support import build_world
from support import PASSWORD, csrf_token, pin_for

LOCKED = "登录失败次数过多"


@pytest.fixture
def world(app):
    return build_world(app, kinds=("echo",))


def staff_login(app: Any, username: str, password: str, address: str = "10.0.0.7") -> str:
    """A fresh browser each time: counters must live on the server, not in a cookie."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    token = csrf_token(client, "/staff/login")
    response = client.post("/staff/login", data={"username": username, "password": password,
                                                 "csrf_token": token})
    return "ok" if response.status_code == 302 else response.get_data(as_text=True)


def terminal_login(app: Any, contest_id: int, exam_no: str, pin: str,
                   address: str = "10.0.1.8") -> str:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    token = csrf_token(client, "/")
    response = client.post("/", data={"contest_id": contest_id, "exam_no": exam_no,
                                      "pin": pin, "csrf_token": token})
    return "ok" if response.status_code == 302 else response.get_data(as_text=True)


def test_a_staff_account_locks_for_its_whole_window_then_opens(app, world):
    limit, lock = app.config["LOGIN_MAX_FAILURES"], app.config["LOGIN_LOCK_SECONDS"]
    for attempt in range(limit):
        page = staff_login(app, "organizer", f"wrong-{attempt}", f"10.0.0.{attempt + 1}")
        assert "用户名或密码错误" in page
    assert LOCKED in staff_login(app, "organizer", PASSWORD, "10.9.9.9")
    clock.travel(timedelta(seconds=lock - 2))
    assert LOCKED in staff_login(app, "organizer", PASSWORD, "10.9.9.10")
    assert LOCKED in staff_login(app, "ORGANIZER", PASSWORD, "10.9.9.11")  # same account
    clock.travel(timedelta(seconds=3))
    assert staff_login(app, "organizer", PASSWORD, "10.9.9.12") == "ok"
    # The success cleared the account's count: one new failure does not lock again.
    assert "用户名或密码错误" in staff_login(app, "organizer", "wrong", "10.9.9.13")
    assert staff_login(app, "organizer", PASSWORD, "10.9.9.14") == "ok"


def test_a_contestant_locks_across_terminals_without_touching_other_seats(app, world):
    limit, lock = app.config["LOGIN_MAX_FAILURES"], app.config["LOGIN_LOCK_SECONDS"]
    for attempt in range(limit):
        page = terminal_login(app, world.contest_id, "E0001", "999999",
                              f"10.0.1.{attempt + 1}")
        assert "准考证号或登录密码错误" in page
    assert LOCKED in terminal_login(app, world.contest_id, "E0001", pin_for(1), "10.0.2.1")
    assert terminal_login(app, world.contest_id, "E0002", pin_for(2), "10.0.2.2") == "ok"
    # The same exam number in the other contest is another account.
    assert terminal_login(app, world.other_contest_id, "E0003", pin_for(3), "10.0.2.3") == "ok"
    clock.travel(timedelta(seconds=lock + 1))
    assert terminal_login(app, world.contest_id, "E0001", pin_for(1), "10.0.2.4") == "ok"


def test_one_address_is_locked_after_failures_spread_over_many_accounts(app, world):
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 8
    address = "10.0.3.3"
    for number in range(8):
        username = f"guess{number}" if number % 2 else "organizer"
        if number % 2:
            page = staff_login(app, username, "x", address)
        else:
            page = terminal_login(app, world.contest_id, f"E{900 + number:04d}", "1", address)
        assert LOCKED not in page
    # Right credentials of untouched accounts, from the locked address, by a new browser:
    assert LOCKED in staff_login(app, "judge", PASSWORD, address)
    assert LOCKED in terminal_login(app, world.contest_id, "E0002", pin_for(2), address)
    # ... while the same accounts log in from another address.
    assert staff_login(app, "judge", PASSWORD, "10.0.3.4") == "ok"
    clock.travel(timedelta(seconds=app.config["LOGIN_LOCK_SECONDS"] + 1))
    assert staff_login(app, "chief_judge", PASSWORD, address) == "ok"


def test_failures_outside_the_window_do_not_add_up(app, world):
    limit, window = app.config["LOGIN_MAX_FAILURES"], app.config["LOGIN_WINDOW_SECONDS"]
    for _ in range(limit - 1):
        staff_login(app, "judge", "wrong")
    clock.travel(timedelta(seconds=window + 1))
    for _ in range(limit - 1):
        assert LOCKED not in staff_login(app, "judge", "wrong")
    assert staff_login(app, "judge", PASSWORD) == "ok"


def test_unknown_accounts_answer_and_lock_like_real_ones(app, world):
    """Same words for a wrong password and a made-up name, and a made-up name locks too:
    neither the message nor the lock reveals which accounts exist."""
    from contest.extensions import db
    from contest.models import LoginThrottle

    limit = app.config["LOGIN_MAX_FAILURES"]
    real = [staff_login(app, "organizer", "wrong", f"10.0.4.{n}") for n in range(limit)]
    ghost = [staff_login(app, "nobody-here", "wrong", f"10.0.5.{n}") for n in range(limit)]
    assert all("用户名或密码错误" in page for page in real + ghost)
    assert LOCKED in staff_login(app, "nobody-here", "wrong", "10.0.6.1")
    assert LOCKED in staff_login(app, "organizer", "wrong", "10.0.6.2")
    with app.app_context():
        keys = set(db.session.execute(select(LoginThrottle.key)).scalars())
    assert {"account:staff:organizer", "account:staff:nobody-here"} <= keys
    seat = [terminal_login(app, world.contest_id, exam, "999999", f"10.0.7.{n}")
            for n, exam in enumerate(("E0001", "E9999"))]
    assert all("准考证号或登录密码错误" in page for page in seat)
