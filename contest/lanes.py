"""Answers first, then the pages that let a contestant begin, then the rest.

On contest day requests come in waves — 300 attempt pages at the start, 300 clips played at
once, 300 hand-ins at the end — and each wave queues hundreds of requests on two cores. An
autosave that landed in a wave waited behind all of them, while its answer is the thing that
must not be lost (the terminal shows "保存中" meanwhile). So each server process has a gate:

- views marked ``priority(ANSWERS)`` (the autosave, the status heartbeat, the lobby poll) never
  wait;
- every other request takes one of ``BUSY_LANE_SLOTS`` slots and, when none is free, waits
  without using the CPU; a freed slot goes to the waiting request of the best priority
  (``ENTRY``: an attempt page, before ``OTHER``: plays, uploads, hand-ins, staff pages), the
  earliest first among equals.

The waves are served as fast as before (one slot per process keeps both cores of a two-core
server busy when the server runs two processes per core); only their order changes. Measured
with 300 terminals: capture module alone, autosave p95 804 ms without the gate and 182 ms with
it (same hour); all four modules, 341 ms before and 47-65 ms with it.

A long request holds its process's slot while it runs (a PDF of a session's sheets takes a
second or more), so the other gated requests of that process wait that long; the long prints
(result slips) run in background threads and hold no slot.

A thread that waits for a slot serves no one meanwhile: the server needs more threads per
process than connections that may send at once (gunicorn.conf.py), or an autosave would queue
for a thread behind waiting requests.
"""
from __future__ import annotations

import heapq
import itertools
import threading
from typing import Any, Callable, TypeVar

from flask import Flask, g, request

View = TypeVar("View", bound=Callable[..., Any])

ANSWERS, ENTRY, OTHER = 0, 1, 2


def priority(level: int) -> Callable[[View], View]:
    """Declare a view's lane (undeclared views are ``OTHER``)."""
    def mark(view: View) -> View:
        view.lane = level  # type: ignore[attr-defined]
        return view
    return mark


def lane_of(view: Any) -> int:
    return getattr(view, "lane", OTHER)


class PriorityGate:
    """A counting semaphore whose waiters are served by priority, then in arrival order. A
    released slot passes straight to the chosen waiter (no wake-up of all the others)."""

    def __init__(self, slots: int) -> None:
        self._free = slots
        self._mutex = threading.Lock()
        self._waiting: list[tuple[int, int, threading.Lock]] = []
        self._arrivals = itertools.count()

    def acquire(self, level: int) -> None:
        with self._mutex:
            if self._free > 0 and not self._waiting:
                self._free -= 1
                return
            baton = threading.Lock()
            baton.acquire()
            heapq.heappush(self._waiting, (level, next(self._arrivals), baton))
        baton.acquire()  # released by release(): the slot is ours

    def release(self) -> None:
        with self._mutex:
            if self._waiting:
                heapq.heappop(self._waiting)[2].release()
            else:
                self._free += 1


def init_lanes(app: Flask) -> None:
    """Gate the app's requests with ``BUSY_LANE_SLOTS`` slots per process (0: no gate)."""
    slots = int(app.config.get("BUSY_LANE_SLOTS") or 0)
    if slots <= 0:
        return
    gate = PriorityGate(slots)

    def wait_for_slot() -> None:
        level = lane_of(app.view_functions.get(request.endpoint or ""))
        if level != ANSWERS:
            gate.acquire(level)
            g.holds_lane_slot = True

    def give_slot_back(_error: BaseException | None) -> None:
        if g.pop("holds_lane_slot", False):
            gate.release()

    # First in line: nothing of a gated request runs before it has its slot.
    app.before_request_funcs.setdefault(None, []).insert(0, wait_for_slot)
    app.teardown_request(give_slot_back)
