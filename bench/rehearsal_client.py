"""A simulated exam terminal speaking HTTP as the browser's pages do: the real login form, pages
with their CSRF token and (once, as a browser cache would) their scripts and stylesheets, the
lobby poll of lobby.js, and attempt.js's answer book (a sequence number per change, resent
until the server acknowledges it). Loopback only; every request is timed into ``Stats``."""
from __future__ import annotations

import asyncio
import json
import random
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable

from .browser import TRANSPORT_ERRORS, Browser, Reply
from .load import _percentile
from .seed import exam_no, pin

CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
MAX_AGE = re.compile(r"max-age=(\d+)")
ASSET = re.compile(r'<(?:script|link)\b[^>]*?(?:src|href)="([^"]*/static/[^"]+)"')
LOBBY_EVERY_S = 2.0
BROADCASTS_EVERY_S = (12.0, 18.0)
STATUS_EVERY_S = 5.0


def json_block(html: str, element_id: str) -> Any:
    """The JSON a page hands its script in ``<script type="application/json" id=...>``."""
    match = re.search(rf'id="{element_id}">(.*?)</script>', html, re.S)
    return json.loads(match.group(1)) if match else None


@dataclass
class Stats:
    """Latency of every answered request by endpoint, and every error with what went wrong."""

    #: (endpoint, module kind, monotonic time, milliseconds)
    samples: list[tuple[str, str, float, float]] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    #: Of those, the ones the server answered wrongly (a status, a refused item), as opposed
    #: to requests that never got an answer (connection refused or reset).
    answered_wrongly: int = 0
    examples: list[str] = field(default_factory=list)
    wrong_examples: list[str] = field(default_factory=list)

    def ok(self, name: str, kind: str, started: float) -> None:
        now = time.perf_counter()
        self.samples.append((name, kind, now, (now - started) * 1000))

    def error(self, name: str, what: str, answered: bool = True) -> None:
        self.errors[name] += 1
        self.answered_wrongly += answered
        if len(self.examples) < 20:
            self.examples.append(f"{name}: {what}")
        if answered and len(self.wrong_examples) < 20:
            self.wrong_examples.append(f"{name}: {what}")

    def summary(self, seconds: float, keep: Callable[[str, str], bool] = lambda n, k: True
                ) -> dict[str, dict[str, Any]]:
        by_name: dict[str, list[float]] = defaultdict(list)
        for name, kind, _, ms in self.samples:
            if keep(name, kind):
                by_name[name].append(ms)
        names = sorted(set(by_name) | {n for n in self.errors if keep(n, "")})
        return {name: figures(by_name[name], self.errors.get(name, 0), seconds)
                for name in names}


def figures(latencies: list[float], errors: int, seconds: float) -> dict[str, Any]:
    lat = sorted(latencies)
    return {"requests": len(lat) + errors, "errors": errors,
            "throughput_rps": round(len(lat) / seconds, 1) if seconds else 0.0,
            "p50_ms": round(_percentile(lat, 50), 1), "p95_ms": round(_percentile(lat, 95), 1),
            "p99_ms": round(_percentile(lat, 99), 1),
            "max_ms": round(lat[-1], 1) if lat else None}


class Terminal:
    """One browser at one seat (its own cookies: the terminal id and the session)."""

    def __init__(self, base: str, number: int, stats: Stats) -> None:
        self.number = number
        self.client = Browser(base)
        self.stats = stats
        self.csrf = ""
        self.kind = ""
        #: Every asset this browser holds: its ETag and until when it is fresh (max-age);
        #: a stale one is asked for again on the next page (If-None-Match, 304 if unchanged).
        self.cached: dict[str, tuple[str, float]] = {}

    async def call(self, name: str, method: str, url: str, expect: tuple[int, ...] = (200,),
                   **kwargs: Any) -> Reply | None:
        """One timed request; None (and an error counted) unless the status is expected."""
        headers = {"X-CSRFToken": self.csrf, **kwargs.pop("headers", {})}
        started = time.perf_counter()
        try:
            response = await self.client.request(method, url, headers=headers, **kwargs)
        except TRANSPORT_ERRORS as error:
            self.stats.error(name, f"{type(error).__name__} {method} {url}", answered=False)
            return None
        if response.status_code not in expect:
            self.stats.error(name, f"HTTP {response.status_code} {method} {url} "
                                   f"{response.text[:200]!r}")
            return None
        self.stats.ok(name, self.kind, started)
        return response

    async def page(self, name: str, url: str) -> str | None:
        """GET a page, take its CSRF token, and load its assets as a browser's cache does."""
        response = await self.call(name, "GET", url)
        if response is None:
            return None
        html = response.text
        token = CSRF.search(html)
        self.csrf = token.group(1) if token else self.csrf
        for asset in dict.fromkeys(ASSET.findall(html)):
            await self.asset(asset)
        return html

    async def asset(self, url: str) -> None:
        etag, fresh_until = self.cached.get(url, ("", 0.0))
        if time.monotonic() < fresh_until:
            return
        headers = {"If-None-Match": etag} if etag else {}
        response = await self.call("static", "GET", url, expect=(200, 304), headers=headers)
        if response is not None:
            policy = response.headers.get("Cache-Control", "")
            age = MAX_AGE.search(policy)
            fresh = float(age.group(1)) if age and "no-cache" not in policy else 0.0
            self.cached[url] = (response.headers.get("ETag", etag), time.monotonic() + fresh)

    async def log_in(self, contest_id: int) -> bool:
        if await self.page("login_page", "/") is None:
            return False
        form = {"contest_id": contest_id, "exam_no": exam_no(self.number),
                "pin": pin(self.number), "csrf_token": self.csrf}
        if await self.call("login", "POST", "/", expect=(302,), data=form) is None:
            return False
        return await self.page("lobby_page", "/lobby") is not None

    async def wait_in_lobby(self, arrived: Callable[[], None], give_up_at: float
                            ) -> tuple[str, float] | None:
        """Poll like lobby.js until a session hands out an attempt URL; then wait out the
        start's countdown as lobby.js does. The URL, and the start's instant (epoch seconds,
        by the server's clock: loopback shares it)."""
        arrived_once = False
        while time.perf_counter() < give_up_at:
            response = await self.call("lobby_poll", "POST", "/api/lobby", json={})
            if response is not None:
                if not arrived_once:
                    arrived_once = True
                    arrived()
                data = response.json()
                ready = [s for s in data["sessions"] if s["attempt_url"]]
                if ready:
                    wait_ms = ready[0]["starts_in_ms"]
                    await asyncio.sleep(wait_ms / 1000)
                    return ready[0]["attempt_url"], (data["server_now_ms"] + wait_ms) / 1000
            await asyncio.sleep(LOBBY_EVERY_S)
        self.stats.error("lobby_poll", f"terminal {self.number} never started")
        return None

    async def close(self) -> None:
        await self.client.aclose()


@dataclass
class Item:
    value: Any
    seq: int
    acked: bool


class AnswerBook:
    """attempt.js's local copy: changes numbered by one counter per attempt, pending until the
    server acknowledges that exact (key, seq)."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.items = {key: Item(server["value"], server["seq"], True)
                      for key, server in config["answers"].items()}
        self.seq = max([config["status"]["last_seq"] or 0,
                        *(item.seq for item in self.items.values())])
        #: Every (key, seq) the server acknowledged, in order.
        self.acknowledged: list[tuple[str, int]] = []
        self.rejected: list[dict[str, Any]] = []

    def note(self, key: str, value: Any) -> None:
        if key in self.items and self.items[key].value == value:
            return
        self.seq += 1
        self.items[key] = Item(value, self.seq, False)

    def pending(self) -> list[dict[str, Any]]:
        return [{"key": key, "seq": item.seq, "value": item.value}
                for key, item in self.items.items() if not item.acked]

    def apply(self, data: dict[str, Any]) -> None:
        for ack in data["acked"]:
            self.acknowledged.append((ack["key"], ack["seq"]))
            item = self.items.get(ack["key"])
            if item is not None and item.seq == ack["seq"]:
                item.acked = True
        for refusal in data["rejected"]:
            self.rejected.append(refusal)
            item = self.items.get(refusal["key"])
            if item is not None and item.seq == refusal["seq"]:
                item.acked = True


class Sitting:
    """An attempt page open on a terminal."""

    def __init__(self, terminal: Terminal, url: str, html: str) -> None:
        self.terminal, self.url, self.html = terminal, url, html
        self.config = json_block(html, "attempt-config")
        self.book = AnswerBook(self.config)
        self.done = False
        #: When the terminal last learnt its status (a save's answer carries it too), and when
        #: it last polled (only polls bring broadcasts).
        self.status_at = self.polled_at = time.perf_counter()

    async def flush(self) -> bool:
        """Send every pending change once; True when the server answered (acknowledging
        them; changes made meanwhile wait for the next flush)."""
        items = self.book.pending()
        if not items:
            return True
        response = await self.terminal.call("save", "POST", self.config["saveUrl"],
                                            json={"items": items})
        if response is None:
            return False
        data = response.json()
        self.status_at = time.perf_counter()
        self.book.apply(data)
        for refusal in data["rejected"]:
            self.terminal.stats.error("save", f"item refused: {refusal}")
        return True

    async def poll_status(self) -> None:
        """attempt.js asks for the countdown and lock state five seconds after it last learnt
        it (a save's answer tells it too), and anyway after its own broadcast period of
        12-18 s, drawn once per page."""
        broadcasts_every_s = random.uniform(*BROADCASTS_EVERY_S)
        while not self.done:
            due = min(self.status_at + STATUS_EVERY_S, self.polled_at + broadcasts_every_s)
            await asyncio.sleep(max(0.0, due - time.perf_counter()) + 0.05)
            now = time.perf_counter()
            if self.done or (now - self.status_at < STATUS_EVERY_S
                             and now - self.polled_at < broadcasts_every_s):
                continue
            self.polled_at = now
            if await self.terminal.call("status", "POST", self.config["statusUrl"],
                                        json={}) is not None:
                self.status_at = time.perf_counter()

    async def submit(self) -> bool:
        for _ in range(5):
            if await self.flush() and not self.book.pending():
                break
            await asyncio.sleep(1)
        self.done = True
        response = await self.terminal.call("submit", "POST", self.config["submitUrl"],
                                            json={})
        await self.terminal.page("done_page", self.config["doneUrl"])
        return response is not None
