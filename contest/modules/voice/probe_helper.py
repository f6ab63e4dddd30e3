"""Takes are probed in a helper process of lower CPU priority, one per server process.

Decoding a take keeps the worker busy for tens of milliseconds, mostly holding Python's GIL.
When the takes of a 语音情景 module arrive together (~9 a second in the 300-terminal rehearsal)
the worker's other threads — autosaves, status polls — waited behind them. In a helper at nice
10 the kernel runs request threads first, and the request waiting for its probe holds no GIL.
If the helper cannot start or dies, the take is probed in the request, as before.
"""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from pathlib import Path
from threading import Lock

from .probe import AudioProbe, probe_audio

#: How much lower the helper's CPU priority is than the server's.
NICENESS = 10

_helper: ProcessPoolExecutor | None = None
_lock = Lock()


def probe_take(path: Path, max_seconds: float, in_helper: bool = True) -> AudioProbe:
    """``probe_audio`` in the helper (NotAudio comes back as raised there)."""
    helper = _running_helper() if in_helper else None
    if helper is None:
        return probe_audio(path, max_seconds)
    try:
        return helper.submit(probe_audio, path, max_seconds).result()
    except BrokenProcessPool:
        _forget(helper)
        return probe_audio(path, max_seconds)


def _running_helper() -> ProcessPoolExecutor | None:
    global _helper
    with _lock:
        if _helper is None:
            try:
                # spawn, not fork: the server process has threads and open database connections
                _helper = ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn"),
                                              initializer=_lower_priority)
            except OSError:
                return None
        return _helper


def _forget(helper: ProcessPoolExecutor) -> None:
    """Drop a broken helper; the next take starts a new one."""
    global _helper
    with _lock:
        if _helper is helper:
            _helper = None
    helper.shutdown(wait=False, cancel_futures=True)


def _lower_priority() -> None:
    os.nice(NICENESS)
