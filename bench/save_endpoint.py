"""Autosave under load: the contest's save endpoint against a bare Flask insert, same run.

Targets on the 2-core reference machine: 300 terminals saving every 5 s with p95 < 100 ms and
no errors; saturated save throughput at least half of the bare baseline's.
"""
from __future__ import annotations

import asyncio
import random
import tempfile
from pathlib import Path
from typing import Any

from .browser import Browser, Reply
from .loop import run_coroutine
from .load import paced, saturate
from .seed import CHEAP_HASH, seed_contest
from .servers import gunicorn
from .terminals import log_in_all

TERMINALS = 300
EVERY_S = 5.0
PACED_S = 40.0
SATURATE_S = 15.0
CONCURRENCY = 32


def run() -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="bench-save-"))
    instance = folder / "instance"
    ids = seed_contest(instance, TERMINALS)
    env = {"CONTEST_INSTANCE_PATH": str(instance), "CONTEST_PASSWORD_HASH_METHOD": CHEAP_HASH}
    with gunicorn("contest:create_app()", env) as base:
        app = run_coroutine(_measure_app(base, ids["contest"]))
    baseline_env = {"BENCH_DB": str(instance / "contest.sqlite")}
    with gunicorn("bench.baseline_app:create_app()", baseline_env) as base:
        baseline = run_coroutine(_measure_baseline(base))
    ratio = app["saturation"]["throughput_rps"] / baseline["saturation"]["throughput_rps"]
    met = (app["paced"]["errors"] == 0 and app["paced"]["p95_ms"] < 100 and ratio >= 0.5)
    return {"terminals": TERMINALS, "save_every_s": EVERY_S, "paced_seconds": PACED_S,
            "saturation_concurrency": CONCURRENCY, "app": app, "baseline": baseline,
            "throughput_ratio_vs_baseline": round(ratio, 3),
            "targets": {"paced_p95_ms_below": 100, "paced_errors": 0, "throughput_ratio_min": 0.5},
            "met": met}


async def _measure_app(base: str, contest_id: int) -> dict[str, Any]:
    terminals = await log_in_all(base, contest_id, TERMINALS)
    sequence = {"n": 0}

    async def save(client: Browser, who: int, n: int) -> Reply:
        terminal = terminals[who]
        sequence["n"] += 1
        key = random.choice(terminal.item_keys)
        body = {"items": [{"key": key, "seq": sequence["n"], "value": [random.randrange(2)]}]}
        return await client.post(terminal.attempt_url.replace("/attempt/", "/api/attempts/")
                                 + "/answers", json=body,
                                 headers={"X-CSRFToken": terminal.csrf})

    clients = [terminal.client for terminal in terminals]
    result = {"paced": (await paced(clients, save, EVERY_S, PACED_S)).summary(),
              "saturation": (await saturate(clients[:CONCURRENCY], save, CONCURRENCY,
                                            SATURATE_S)).summary()}
    await asyncio.gather(*(client.aclose() for client in clients))
    return result


async def _measure_baseline(base: str) -> dict[str, Any]:
    clients = [Browser(base, timeout_s=30) for _ in range(TERMINALS)]

    async def save(client: Browser, who: int, n: int) -> Reply:
        body = {"items": [{"key": "q:x", "seq": n, "value": [random.randrange(2)]}]}
        return await client.post("/save", json=body, headers={"X-Terminal": str(who)})

    result = {"paced": (await paced(clients, save, EVERY_S, PACED_S)).summary(),
              "saturation": (await saturate(clients[:CONCURRENCY], save, CONCURRENCY,
                                            SATURATE_S)).summary()}
    await asyncio.gather(*(client.aclose() for client in clients))
    return result
