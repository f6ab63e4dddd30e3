"""The per-process gate: answer views (autosave, heartbeat, lobby poll) never wait for a slot;
every other request does, attempt pages first, and a slot comes back however its request
ended."""
from __future__ import annotations

import threading

from flask import Flask

from contest.lanes import ANSWERS, ENTRY, init_lanes, lane_of, priority

#: Generous: a thread that should finish does so in milliseconds; one that should wait must
#: still be waiting after this long.
SETTLE_S = 0.5


def gated_app(slots: int) -> tuple[Flask, threading.Event, threading.Event]:
    app = Flask(__name__)
    app.config.update(BUSY_LANE_SLOTS=slots, SERVED=[])
    entered, release = threading.Event(), threading.Event()

    @app.route("/hold")
    def hold() -> str:
        entered.set()
        release.wait(10)
        return "held"

    @app.route("/page")
    def page() -> str:
        app.config["SERVED"].append("page")
        return "page"

    @app.route("/entry")
    @priority(ENTRY)
    def entry() -> str:
        app.config["SERVED"].append("entry")
        return "entry"

    @app.route("/save")
    @priority(ANSWERS)
    def save() -> str:
        return "saved"

    @app.route("/boom")
    def boom() -> str:
        raise RuntimeError("view failed")

    init_lanes(app)
    return app, entered, release


def fetch_in_thread(app: Flask, path: str) -> tuple[threading.Thread, dict]:
    answer: dict = {}

    def run() -> None:
        answer["body"] = app.test_client().get(path).get_data(as_text=True)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, answer


def test_answer_view_runs_while_every_slot_is_taken_and_others_wait():
    app, entered, release = gated_app(slots=1)
    holder, held = fetch_in_thread(app, "/hold")
    assert entered.wait(5)

    assert app.test_client().get("/save").get_data(as_text=True) == "saved"
    waiter, waited = fetch_in_thread(app, "/page")
    waiter.join(SETTLE_S)
    assert waiter.is_alive() and waited == {}, "a gated request ran without a slot"

    release.set()
    holder.join(5)
    waiter.join(5)
    assert held == {"body": "held"} and waited == {"body": "page"}


def test_a_freed_slot_goes_to_an_attempt_page_before_earlier_requests():
    app, entered, release = gated_app(slots=1)
    holder, _held = fetch_in_thread(app, "/hold")
    assert entered.wait(5)
    first, _ = fetch_in_thread(app, "/page")
    first.join(SETTLE_S)  # queued first
    second, _ = fetch_in_thread(app, "/entry")
    second.join(SETTLE_S)
    assert app.config["SERVED"] == []
    release.set()
    for thread in (holder, first, second):
        thread.join(5)
    assert app.config["SERVED"] == ["entry", "page"]


def test_a_failing_request_gives_its_slot_back():
    app, _entered, _release = gated_app(slots=1)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    client = app.test_client()
    assert client.get("/boom").status_code == 500
    thread, answer = fetch_in_thread(app, "/page")
    thread.join(5)
    assert answer == {"body": "page"}


def test_no_gate_when_slots_are_zero():
    app, entered, release = gated_app(slots=0)
    holder, _held = fetch_in_thread(app, "/hold")
    assert entered.wait(5)
    try:
        thread, answer = fetch_in_thread(app, "/page")
        thread.join(5)
        assert answer == {"body": "page"}
    finally:
        release.set()
        holder.join(5)


def test_lanes_of_the_real_views(app):
    lanes = {name: lane_of(view) for name, view in app.view_functions.items()}
    assert {name for name, level in lanes.items() if level == ANSWERS} == {
        "terminal.save_answers", "terminal.attempt_status", "terminal.lobby_state"}
    assert {name for name, level in lanes.items() if level == ENTRY} == {
        "terminal.attempt_page"}
