"""Crash rehearsal (issue 7): terminals save continuously into a running 知识测试 while the
production server (gunicorn.conf.py, loopback) is killed with SIGKILL — master and workers at
once, mid-request and mid-commit — and started again, several times. One terminal meanwhile
loses its network for a minute of its own clock and keeps typing.

    python -m bench crash
    python -m bench.crash --terminals 30 --kills 5

Afterwards, proven from the database itself: every save a terminal saw acknowledged is in the
answer log and the current answer has at least its sequence; every terminal's newest change is
the current answer (nothing older overwrote it, not even the offline terminal's save that was on
the wire when its network went, replayed late); deadlines are what they were before the first
kill; ``flask audit verify`` passes; every terminal got all its pending changes acknowledged by
itself, with no help; everything the offline terminal typed arrived once it was back.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from .loop import run_coroutine
from .crash_server import KillableServer
from .crash_check import check_database, verify_audit
from .crash_typist import Typist
from .rehearsal_client import Sitting, Stats, Terminal
from .seed import CHEAP_HASH, seed_contest

TERMINALS = 30
KILLS = 5
#: Seconds of saving after the terminals have recovered from one kill before the next one.
SAVING_S = 6.0
#: How long the server stays dead before it is started again.
DOWN_S = 1.0
OFFLINE_S = 60.0
#: Limit for every terminal to have its pending changes acknowledged after a restart.
RECOVERY_LIMIT_S = 60.0


def run(terminals: int = TERMINALS, kills: int = KILLS, offline_s: float = OFFLINE_S,
        speed: float = 1.0, saving_s: float = SAVING_S, workers: int | None = None
        ) -> dict[str, Any]:
    """``speed``: how fast the terminals' own clocks run (their back-off and offline timers)."""
    folder = Path(tempfile.mkdtemp(prefix="bench-crash-"))
    instance = folder / "instance"
    contest_id = seed_contest(instance, terminals)["contest"]
    env = {"CONTEST_INSTANCE_PATH": str(instance), "CONTEST_PASSWORD_HASH_METHOD": CHEAP_HASH}
    server = KillableServer("contest:create_app()", env, folder / "gunicorn.log", workers)
    server.start()
    try:
        scenario = run_coroutine(_rehearse(server, contest_id, terminals, kills, offline_s,
                                         speed, saving_s))
    finally:
        server.stop()
    typists = scenario.pop("typists")
    checks = check_database(instance, typists, scenario.pop("deadlines"))
    audit_exit = verify_audit(instance)
    met = (checks["lost_acknowledged"] == 0 and checks["current_not_newest"] == 0
           and checks["deadlines_changed"] == 0 and audit_exit == 0
           and scenario["pending_at_end"] == 0 and scenario["answered_wrongly"] == 0
           and scenario["offline"]["all_arrived"] and scenario["all_recovered"])
    return {"terminals": terminals, "kills": kills, "terminal_clock_speed": speed,
            **scenario, **checks, "audit_verify_exit": audit_exit, "met": met}


async def _rehearse(server: KillableServer, contest_id: int, count: int, kills: int,
                    offline_s: float, speed: float, saving_s: float) -> dict[str, Any]:
    stats = Stats()
    sittings = await _sit_down(server.base, contest_id, count, stats)
    deadlines = {s.config["attemptId"]: await _deadline(s) for s in sittings}
    typists = [Typist(s, random.Random(s.terminal.number), speed) for s in sittings]
    stop = asyncio.Event()
    typing = [asyncio.create_task(t.type(stop)) for t in typists]
    sending = [asyncio.create_task(t.send(stop)) for t in typists]
    offline = typists[0]
    await asyncio.sleep(saving_s)
    offline.go_offline(offline_s)
    restarts = []
    for _ in range(kills):
        restarts.append(await _kill_and_restart(server, typists))
        await asyncio.sleep(saving_s)
    while offline.offline():
        await asyncio.sleep(0.1)
    await asyncio.sleep(saving_s)
    stop.set()
    await asyncio.gather(*typing)
    await asyncio.wait(sending, timeout=RECOVERY_LIMIT_S)
    replayed = await offline.replay_stale()
    after = {s.config["attemptId"]: await _deadline(s) for s in sittings}
    await asyncio.gather(*(s.terminal.close() for s in sittings))
    pending = sum(len(t.book.pending()) for t in typists)
    return {"restarts": restarts, "all_recovered": all(r["recovered_s"] is not None
                                                       for r in restarts),
            "acknowledged_saves": sum(len(t.book.acknowledged) for t in typists),
            "save_requests": sum(1 for sample in stats.samples if sample[0] == "save"),
            "requests_unanswered": sum(stats.errors.values()) - stats.answered_wrongly,
            "answered_wrongly": stats.answered_wrongly,
            "answered_wrongly_examples": stats.wrong_examples[:10],
            "pending_at_end": pending,
            "offline": {"own_clock_s": offline_s, "real_s": round(offline_s / speed, 1),
                        "items_typed_offline": len(offline.typed_offline),
                        "stale_replayed": replayed,
                        "all_arrived": not offline.book.pending() and bool(offline.typed_offline)},
            "deadlines": (deadlines, after), "typists": typists}


async def _sit_down(base: str, contest_id: int, count: int, stats: Stats) -> list[Sitting]:
    async def one(number: int) -> Sitting:
        terminal = Terminal(base, number, stats)
        terminal.kind = "quiz"
        assert await terminal.log_in(contest_id), "login failed"
        ready = await terminal.wait_in_lobby(lambda: None, time.perf_counter() + 60)
        assert ready, f"terminal {number} never started"
        url = ready[0]
        html = await terminal.page("attempt_page", url)
        return Sitting(terminal, url, html)

    return list(await asyncio.gather(*(one(n) for n in range(1, count + 1))))


async def _deadline(sitting: Sitting) -> int | None:
    response = await sitting.terminal.call("status", "POST", sitting.config["statusUrl"], json={})
    return response.json()["deadline_ms"] if response is not None else None


async def _kill_and_restart(server: KillableServer, typists: list[Typist]) -> dict[str, Any]:
    """SIGKILL, stay down a moment, start again; then how long until every terminal that is
    online has had a save acknowledged by the new server."""
    await asyncio.to_thread(server.kill)
    killed = time.perf_counter()
    await asyncio.sleep(DOWN_S)
    boot_s = await asyncio.to_thread(server.start)
    restarted = time.perf_counter()
    online = [t for t in typists if not t.offline()]
    while any(t.last_ack < restarted for t in online):
        if time.perf_counter() - restarted > RECOVERY_LIMIT_S:
            return {"down_s": round(restarted - killed, 2), "boot_s": round(boot_s, 2),
                    "recovered_s": None}
        await asyncio.sleep(0.05)
    return {"down_s": round(restarted - killed, 2), "boot_s": round(boot_s, 2),
            "recovered_s": round(max(t.last_ack for t in online) - restarted, 2)}


def main() -> int:
    from .__main__ import record

    parser = argparse.ArgumentParser(prog="python -m bench.crash")
    parser.add_argument("--terminals", type=int, default=TERMINALS)
    parser.add_argument("--kills", type=int, default=KILLS)
    parser.add_argument("--offline", type=float, default=OFFLINE_S)
    options = parser.parse_args()
    result = run(options.terminals, options.kills, options.offline)
    record("crash", result)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0 if result["met"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
