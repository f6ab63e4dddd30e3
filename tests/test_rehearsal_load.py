"""The load rehearsal (bench/rehearsal.py) with a handful of terminals: every terminal logs in,
waits in the lobby, sits all four modules through the real endpoints under gunicorn and hands
in, with no error anywhere, and the server's CPU is counted by endpoint (bench/cpu_app.py).
Its figures are not judged here (benchmarks measure time)."""
from __future__ import annotations

import pytest

from bench import rehearsal, rehearsal_run
from bench.rehearsal_seed import KINDS

TERMINALS = 6


@pytest.fixture
def quick(monkeypatch):
    monkeypatch.delenv("CONTEST_INSTANCE_PATH", raising=False)
    monkeypatch.delenv("CONTEST_SQLALCHEMY_DATABASE_URI", raising=False)
    monkeypatch.setattr(rehearsal_run, "LOGIN_WINDOW_S", 1.0)
    monkeypatch.setattr(rehearsal_run, "SETTLE_S", 0.5)
    monkeypatch.setattr(rehearsal_run, "COUNTDOWN_S", 2)


def test_a_small_rehearsal_sits_every_module_without_an_error(quick):
    result = rehearsal.run(terminals=TERMINALS, phase_s=3.0, save_every_s=1.0,
                           cpu_by_endpoint=True)

    assert result["errors"] == 0, result["error_examples"]
    assert result["missing_terminals"] == 0
    assert {kind: start["attempts"] for kind, start in result["synchronised_start"].items()} \
        == {kind: TERMINALS for kind in KINDS}
    # every terminal waited out the start's countdown: none set off before the instant
    assert all(start["countdown_s"] == 2 and start["last_set_off_s"] >= 0
               and start["served_after_start_post_s"] >= 2
               for start in result["synchronised_start"].values())
    done = {name: figures["requests"] for name, figures in result["endpoints"].items()}
    assert done["submit"] == done["attempt_page"] == TERMINALS * len(KINDS)
    assert done["report_upload"] == 2 * TERMINALS
    assert done["voice_upload_start"] == 3 * TERMINALS and done["voice_chunk"] == 6 * TERMINALS
    assert done["capture_clip"] == done["capture_play"] >= TERMINALS
    assert all(result["save_by_module"][kind]["requests"] > 0
               for kind in ("quiz", "capture", "voice"))
    assert result["baseline"]["save"]["errors"] == 0
    # the server counted each request's CPU under the endpoint the client timed it as
    cpu = result["server_cpu_by_endpoint"]
    assert cpu["terminal.save_answers"]["requests"] == done["save"]
    assert cpu["terminal.submit"]["requests"] == done["submit"]
    assert cpu["terminal.submit"]["cpu_s"] > 0
