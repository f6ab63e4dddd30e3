"""The crash rehearsal (bench/crash.py): the server is killed with SIGKILL three times (make
bench: five) while terminals save, and one terminal is offline for a minute of its own clock
(its clock runs fast here, so the minute passes in seconds). Nothing a terminal saw
acknowledged is lost, nothing older overwrites newer, deadlines stay, the audit chain
verifies, terminals recover alone."""
from __future__ import annotations

import pytest

from bench import crash

TERMINALS = 6
KILLS = 3


@pytest.fixture(scope="module")
def rehearsed():
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("CONTEST_INSTANCE_PATH", raising=False)
        patch.delenv("CONTEST_SQLALCHEMY_DATABASE_URI", raising=False)
        yield crash.run(terminals=TERMINALS, kills=KILLS, offline_s=60, speed=20, saving_s=1.0,
                        workers=2)


def test_every_acknowledged_save_survives_the_kills(rehearsed):
    assert len(rehearsed["restarts"]) == KILLS
    assert rehearsed["requests_unanswered"] > 0          # the kills did cut requests off
    assert rehearsed["acknowledged_saves"] > 0
    assert rehearsed["lost_acknowledged"] == 0
    assert rehearsed["answered_wrongly"] == 0, rehearsed["answered_wrongly_examples"]


def test_the_newest_change_of_every_item_is_the_current_answer(rehearsed):
    assert rehearsed["current_not_newest"] == 0


def test_deadlines_are_unchanged_and_the_audit_chain_verifies(rehearsed):
    assert rehearsed["deadlines_checked"] == TERMINALS
    assert rehearsed["deadlines_changed"] == 0
    assert rehearsed["audit_verify_exit"] == 0


def test_terminals_carry_on_by_themselves(rehearsed):
    assert rehearsed["all_recovered"]
    assert rehearsed["pending_at_end"] == 0


def test_what_the_offline_terminal_typed_arrives_and_a_late_older_save_changes_nothing(
        rehearsed):
    offline = rehearsed["offline"]
    assert offline["own_clock_s"] == 60 and offline["items_typed_offline"] > 0
    assert offline["all_arrived"] and offline["stale_replayed"]
    assert rehearsed["current_not_newest"] == 0
