"""Takes are probed in a helper process of lower priority; the answer is the same as probing in
the request, a refusal comes back as a refusal, and a dead helper is replaced."""
from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from contest.modules.voice import probe_helper
from contest.modules.voice.probe import NotAudio, probe_audio
from contest.modules.voice.probe_helper import NICENESS, probe_take

from test_voice_probe import tone


def helper_pid() -> int:
    helper = probe_helper._running_helper()
    assert helper is not None
    return helper.submit(os.getpid).result()


def test_the_helper_gives_the_same_answer_as_the_request(tmp_path: Path) -> None:
    path = tone(tmp_path / "t.webm", "libopus", 3.0, (0.5,), "webm")
    assert probe_take(path, 60) == probe_audio(path, 60)
    assert helper_pid() != os.getpid()


def test_the_helper_runs_at_lower_priority() -> None:
    helper = probe_helper._running_helper()
    assert helper is not None
    assert helper.submit(os.nice, 0).result() == min(19, os.nice(0) + NICENESS)


def test_a_refusal_in_the_helper_is_a_refusal_here(tmp_path: Path) -> None:
    junk = tmp_path / "junk.webm"
    junk.write_bytes(b"not a recording at all" * 100)
    with pytest.raises(NotAudio):
        probe_take(junk, 60)
    long = tone(tmp_path / "long.wav", "pcm_s16le", 5.0, (0.5,), "wav")
    with pytest.raises(NotAudio, match="最长时长"):
        probe_take(long, 3)


def test_a_killed_helper_is_replaced_and_the_take_still_probed(tmp_path: Path) -> None:
    path = tone(tmp_path / "t.wav", "pcm_s16le", 2.0, (0.5,), "wav")
    first = helper_pid()
    os.kill(first, signal.SIGKILL)
    assert probe_take(path, 60) == probe_audio(path, 60)   # in the request, this once
    assert helper_pid() not in (first, os.getpid())


def test_probing_in_the_request_when_configured(tmp_path: Path, monkeypatch) -> None:
    path = tone(tmp_path / "t.wav", "pcm_s16le", 2.0, (0.5,), "wav")
    monkeypatch.setattr(probe_helper, "_running_helper", lambda: pytest.fail("helper used"))
    assert probe_take(path, 60, in_helper=False).duration_s == pytest.approx(2.0, abs=0.1)
