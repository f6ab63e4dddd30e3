"""The contest app with each request's server CPU time counted by Flask endpoint (bench only).

``python -m bench.rehearsal --cpu-by-endpoint`` serves ``bench.cpu_app:create_app()`` instead of
``contest:create_app()``: the same app, wrapped. A request's CPU is its worker thread's CPU time
(``time.thread_time``) from the call of the app until the server closes the response, so it
covers the view, the hooks and the writing of the body, not gunicorn's parsing of the request.
Each worker process writes its totals to ``BENCH_CPU_DIR/cpu-<pid>.json`` every two seconds."""
from __future__ import annotations

import atexit
import json
import os
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

ENDPOINT_KEY = "bench.endpoint"
FLUSH_EVERY_S = 2.0


class Totals:
    """CPU seconds and request counts by endpoint, in one process."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / f"cpu-{os.getpid()}.json"
        self.lock = threading.Lock()
        self.cpu: dict[str, float] = defaultdict(float)
        self.count: dict[str, int] = defaultdict(int)
        self.flushed_at = time.monotonic()
        atexit.register(self.flush)

    def add(self, endpoint: str, seconds: float) -> None:
        with self.lock:
            self.cpu[endpoint] += seconds
            self.count[endpoint] += 1
            due = time.monotonic() - self.flushed_at > FLUSH_EVERY_S
        if due:
            self.flush()

    def flush(self) -> None:
        with self.lock:
            self.flushed_at = time.monotonic()
            self.path.write_text(json.dumps({"cpu": self.cpu, "count": self.count}))


class _Measured:
    """The response body; the request's CPU is counted when the server closes it."""

    def __init__(self, body: Iterable[bytes], environ: dict[str, Any], started: float,
                 totals: Totals) -> None:
        self.body, self.environ, self.started, self.totals = body, environ, started, totals

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.body)

    def close(self) -> None:
        close = getattr(self.body, "close", None)
        if close:
            close()
        self.totals.add(self.environ.get(ENDPOINT_KEY) or "(none)",
                        time.thread_time() - self.started)


def create_app() -> Any:
    from flask import request

    from contest import create_app as contest_app

    app = contest_app()
    totals = Totals(Path(os.environ["BENCH_CPU_DIR"]))

    def name_the_endpoint() -> None:
        request.environ[ENDPOINT_KEY] = request.endpoint

    # first of the hooks, so a request the access check refuses is named too
    app.before_request_funcs.setdefault(None, []).insert(0, name_the_endpoint)

    inner: Callable[..., Iterable[bytes]] = app.wsgi_app

    def measured(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        started = time.thread_time()
        return _Measured(inner(environ, start_response), environ, started, totals)

    app.wsgi_app = measured  # type: ignore[method-assign]
    return app


def collect(folder: Path) -> dict[str, dict[str, float]]:
    """Every process's totals added up: CPU seconds, requests and ms per request."""
    cpu: dict[str, float] = defaultdict(float)
    count: dict[str, int] = defaultdict(int)
    for path in folder.glob("cpu-*.json"):
        data = json.loads(path.read_text())
        for name, seconds in data["cpu"].items():
            cpu[name] += seconds
            count[name] += data["count"][name]
    ranked = sorted(cpu, key=cpu.get, reverse=True)
    return {name: {"cpu_s": round(cpu[name], 1), "requests": count[name],
                   "ms_per_request": round(cpu[name] / count[name] * 1000, 2)}
            for name in ranked}
