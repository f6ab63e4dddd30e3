"""The rehearsal itself: terminals and the organizer as asyncio tasks in one event loop,
bounded in time; returns per-endpoint figures and each synchronised start."""
from __future__ import annotations

import asyncio
import os
import random
import re
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from .browser import Browser
from .rehearsal_client import Sitting, Stats, Terminal, figures
from .rehearsal_modules import MODULES, Plan
from .rehearsal_seed import KINDS, ORGANIZER, Seeded

#: Everyone logs in within this many seconds, as on contest morning.
LOGIN_WINDOW_S = 20.0
#: Once the last terminal is in the lobby, the organizer waits this long (polls spread out).
SETTLE_S = 4.0
BOARD_EVERY_S = 3.0
#: The organizer's start names an instant this far ahead (the app's default countdown): every
#: lobby has polled by then, and all terminals open their questions at it.
COUNTDOWN_S = 10
#: Report and voice hand-ins (file checks, recording probes, scoring) take CPU: their work is
#: spread over three times the time, as the last minutes of a real module would see it.
PHASE_WEIGHT = {"report": 3.0, "voice": 3.0}
BOARD_URL = re.compile(r'data-board-url="([^"]+)"')


class Gate:
    """Where the terminals stand in each module: in the lobby, in the attempt, handed in."""

    def __init__(self, count: int) -> None:
        self.expected = count
        self.counts: dict[tuple[str, str], int] = defaultdict(int)
        #: When (epoch seconds) each terminal set off for its attempt page after its lobby's
        #: countdown, and when the page had loaded.
        self.ready_at: dict[tuple[str, str], list[float]] = defaultdict(list)
        #: Each module's start instant, as the lobby polls announced it (epoch seconds).
        self.instant: dict[str, float] = {}
        self.changed = asyncio.Condition()

    async def note(self, kind: str, stage: str) -> None:
        async with self.changed:
            self.counts[kind, stage] += 1
            if stage in ("url", "ready"):
                self.ready_at[kind, stage].append(time.time())
            self.changed.notify_all()

    async def leave(self) -> None:
        async with self.changed:
            self.expected -= 1
            self.changed.notify_all()

    async def everyone(self, kind: str, stage: str, timeout: float) -> bool:
        async with self.changed:
            try:
                await asyncio.wait_for(self.changed.wait_for(
                    lambda: self.counts[kind, stage] >= self.expected), timeout)
            except asyncio.TimeoutError:
                return False
            return True


def phase_of(kind: str, phase_s: float) -> float:
    return phase_s * PHASE_WEIGHT.get(kind, 1.0)


async def rehearse(base: str, seeded: Seeded, count: int, phase_s: float,
                   save_every_s: float, kinds: tuple[str, ...] = KINDS) -> dict[str, Any]:
    await warm_up(base)
    stats, gate, lag = Stats(), Gate(count), []
    terminals = [Terminal(base, n, stats) for n in range(1, count + 1)]
    organizer = Terminal(base, 0, stats)
    organizer.kind = "organizer"
    watcher = asyncio.create_task(_loop_lag(lag))
    sitters = [asyncio.create_task(contestant(t, seeded, gate, phase_s, save_every_s, kinds))
               for t in terminals]
    began = time.perf_counter()
    starts = await organise(organizer, seeded, gate, phase_s, kinds)
    done, late = await asyncio.wait(sitters, timeout=phase_of(kinds[-1], phase_s) + 120)
    for task in late:
        task.cancel()
    seconds = time.perf_counter() - began
    _keep_samples(stats, began)
    watcher.cancel()
    await asyncio.gather(*(t.close() for t in [*terminals, organizer]))
    return {"synchronised_start": starts, "seconds": round(seconds, 1),
            "missing_terminals": count - gate.expected + len(late),
            "endpoints": stats.summary(seconds),
            "save_by_module": {kind: stats.summary(seconds, lambda n, k, kind=kind:
                                                   n == "save" and k == kind).get("save")
                               for kind in kinds},
            "requests_total": len(stats.samples) + sum(stats.errors.values()),
            "error_examples": stats.examples, "client_loop_lag_ms": _lag_figures(lag)}


def _keep_samples(stats: Stats, began: float) -> None:
    """Every timed request as CSV (endpoint, module, seconds into the run, ms) when
    REHEARSAL_SAMPLES names a file: to see when the slow ones happened."""
    path = os.environ.get("REHEARSAL_SAMPLES")
    if path:
        Path(path).write_text("".join(f"{name},{kind},{at - began:.3f},{ms:.1f}\n"
                                      for name, kind, at, ms in stats.samples))


async def warm_up(base: str, rounds: int = 5) -> None:
    """Wait until every worker process has booted and answered (not part of the figures):
    gunicorn listens before its workers have imported the app."""
    client = Browser(base, timeout_s=120)
    try:
        for _ in range(rounds):
            await asyncio.gather(*(client.get("/staff/login") for _ in range(16)))
    finally:
        await client.aclose()


async def contestant(terminal: Terminal, seeded: Seeded, gate: Gate, phase_s: float,
                     save_every_s: float, kinds: tuple[str, ...]) -> None:
    rng = random.Random(terminal.number)
    await asyncio.sleep(rng.uniform(0, LOGIN_WINDOW_S))
    if not await terminal.log_in(seeded.contest_id):
        await gate.leave()
        return
    for kind in kinds:
        terminal.kind = kind
        sitting = await _enter(terminal, gate, kind, phase_s)
        if sitting is None:
            await gate.leave()
            return
        plan = Plan(time.perf_counter() + phase_of(kind, phase_s) * rng.uniform(0.85, 1.0),
                    save_every_s, seeded.handins, rng)
        poller = asyncio.create_task(sitting.poll_status())
        await MODULES[kind](sitting, plan)
        await sitting.submit()
        poller.cancel()
        await gate.note(kind, "submitted")
        if kind != kinds[-1]:
            await terminal.page("lobby_page", "/lobby")


async def _enter(terminal: Terminal, gate: Gate, kind: str, phase_s: float) -> Sitting | None:
    loop = asyncio.get_running_loop()

    def arrived() -> None:
        loop.create_task(gate.note(kind, "lobby"))

    ready = await terminal.wait_in_lobby(arrived, time.perf_counter() + 3 * phase_s + 180)
    url = ready[0] if ready else None
    if ready:
        gate.instant.setdefault(kind, ready[1])
        await gate.note(kind, "url")
    html = await terminal.page("attempt_page", url) if url else None
    if html is None:
        return None
    await gate.note(kind, "ready")
    return Sitting(terminal, url, html)


async def organise(organizer: Terminal, seeded: Seeded, gate: Gate, phase_s: float,
                   kinds: tuple[str, ...]) -> dict[str, Any]:
    """Log in, then for each module: wait for the lobby to fill, start, watch the board."""
    await organizer.page("staff_login_page", "/staff/login")
    form = {"username": ORGANIZER[0], "password": ORGANIZER[1], "csrf_token": organizer.csrf}
    await organizer.call("staff_login", "POST", "/staff/login", expect=(302,), data=form)
    await organizer.page("organizer_page", "/organizer/")
    starts = {}
    for kind in kinds:
        if not await gate.everyone(kind, "lobby", LOGIN_WINDOW_S + 3 * phase_s + 180):
            organizer.stats.error("organizer_start", f"{kind}: lobby never filled")
        await asyncio.sleep(SETTLE_S)
        starts[kind] = await _start(organizer, seeded.sessions[kind], gate, kind)
        print(f"  {kind}: started, {starts[kind]}", flush=True)
        await _watch_board(organizer, seeded.sessions[kind], gate, kind,
                           phase_of(kind, phase_s))
    return starts


async def _start(organizer: Terminal, session_id: int, gate: Gate, kind: str) -> dict[str, Any]:
    """The organizer's start with its countdown; the figures count from the start's instant,
    when every terminal opens its questions (the contestants' clock counts from it too)."""
    began = time.time()
    await organizer.call("organizer_start", "POST", f"/organizer/sessions/{session_id}/start",
                         expect=(302,), data={"csrf_token": organizer.csrf,
                                              "countdown": str(COUNTDOWN_S)})
    posted = time.time()
    if not await gate.everyone(kind, "ready", COUNTDOWN_S + 60):
        organizer.stats.error("attempt_page", f"{kind}: not every terminal started")
    instant = gate.instant.get(kind, began + COUNTDOWN_S)
    ready = sorted(at - instant for at in gate.ready_at[kind, "ready"])
    set_off = sorted(at - instant for at in gate.ready_at[kind, "url"])
    return {"attempts": len(ready), "countdown_s": COUNTDOWN_S,
            "start_post_ms": round((posted - began) * 1000, 1),
            "served_s": round(ready[-1], 3) if ready else float("inf"),
            "median_terminal_s": round(ready[len(ready) // 2], 3) if ready else None,
            "last_set_off_s": round(set_off[-1], 3) if set_off else None,
            "served_after_start_post_s": round(ready[-1] + instant - began, 3) if ready
            else None}


async def _watch_board(organizer: Terminal, session_id: int, gate: Gate, kind: str,
                       phase_s: float) -> None:
    """The proctor's page, refreshed like board.js until every seat has handed in."""
    html = await organizer.page("organizer_session_page", f"/organizer/sessions/{session_id}")
    url = BOARD_URL.search(html or "")
    stop = time.perf_counter() + phase_s + 120
    while url and not await gate.everyone(kind, "submitted", BOARD_EVERY_S):
        await organizer.call("organizer_board", "GET", url.group(1))
        if time.perf_counter() > stop:
            organizer.stats.error("organizer_board", f"{kind}: hand-ins never completed")
            return


async def _loop_lag(samples: list[float]) -> None:
    """How late this client's own event loop runs (its timings include that delay)."""
    while True:
        began = time.perf_counter()
        await asyncio.sleep(0.05)
        samples.append((time.perf_counter() - began - 0.05) * 1000)


def _lag_figures(samples: list[float]) -> dict[str, Any]:
    summary = figures(samples, 0, 0)
    return {key: summary[key] for key in ("p50_ms", "p95_ms", "p99_ms", "max_ms")}
