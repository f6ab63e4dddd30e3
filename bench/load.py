"""Simulated terminals: paced (a save every few seconds each) and saturating (as fast as the
server answers). Bounded in count and time; loopback only."""
from __future__ import annotations

import asyncio
import random
import statistics
import time
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable

from .browser import TRANSPORT_ERRORS, Browser, Reply

Request = Callable[[Browser, int, int], Awaitable[Reply]]


@dataclass
class LoadResult:
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0

    def summary(self) -> dict[str, Any]:
        lat = sorted(self.latencies_ms)
        return {
            "requests": len(lat) + self.errors,
            "errors": self.errors,
            "throughput_rps": round(len(lat) / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": round(_percentile(lat, 50), 1),
            "p95_ms": round(_percentile(lat, 95), 1),
            "p99_ms": round(_percentile(lat, 99), 1),
            "mean_ms": round(statistics.fmean(lat), 1) if lat else None,
        }


def _percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    index = min(len(values) - 1, max(0, round(pct / 100 * len(values) + 0.5) - 1))
    return values[index]


async def _timed(result: LoadResult, send: Request, client: Browser, who: int,
                 n: int) -> None:
    started = time.perf_counter()
    try:
        response = await send(client, who, n)
        ok = response.status_code == 200
    except TRANSPORT_ERRORS:
        ok = False
    if ok:
        result.latencies_ms.append((time.perf_counter() - started) * 1000)
    else:
        result.errors += 1


async def paced(clients: list[Browser], send: Request, every_s: float,
                duration_s: float) -> LoadResult:
    """Each terminal sends once every ``every_s`` seconds, starting at a random offset."""
    result = LoadResult()

    async def terminal(who: int) -> None:
        await asyncio.sleep(random.uniform(0, every_s))
        n = 0
        while time.perf_counter() < stop:
            n += 1
            await _timed(result, send, clients[who], who, n)
            await asyncio.sleep(max(0.0, every_s + random.uniform(-0.5, 0.5)))

    start = time.perf_counter()
    stop = start + duration_s
    await asyncio.gather(*(terminal(who) for who in range(len(clients))))
    result.seconds = time.perf_counter() - start
    return result


async def saturate(clients: list[Browser], send: Request, concurrency: int,
                   duration_s: float) -> LoadResult:
    """``concurrency`` terminals send back to back for ``duration_s`` seconds."""
    result = LoadResult()

    async def terminal(who: int) -> None:
        n = 0
        while time.perf_counter() < stop:
            n += 1
            await _timed(result, send, clients[who % len(clients)], who, n)

    start = time.perf_counter()
    stop = start + duration_s
    await asyncio.gather(*(terminal(who) for who in range(concurrency)))
    result.seconds = time.perf_counter() - start
    return result
