"""Run a coroutine to completion on its own event loop, whatever the calling thread runs.

The rehearsals are also called from tests; a pytest worker that ran a Playwright (sync API)
browser test before keeps an event loop marked as running in its main thread, and
``asyncio.run`` refuses to start there. A private thread has no running loop."""
from __future__ import annotations

import asyncio
import threading
from typing import Any, Coroutine, TypeVar

T = TypeVar("T")


def run_coroutine(coroutine: Coroutine[Any, Any, T]) -> T:
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = asyncio.run(coroutine)
        except BaseException as error:  # re-raised in the caller's thread
            outcome["error"] = error

    worker = threading.Thread(target=target, name="bench-event-loop")
    worker.start()
    worker.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
