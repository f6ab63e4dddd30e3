"""A full contest archive restores into a fresh instance with everything in it."""
from __future__ import annotations

import zipfile

import pytest
from sqlalchemy import func, select

from contest import create_app
from contest.extensions import db
from contest.services.answers import CheckedSave, SaveItem, current_answers, store_answers
from contest.services.audit import verify_chain
from contest.services.sessions import start_session
from contest.storage import storage
from support import app_config, gen_contest, gen_contestant, gen_session, gen_staff


@pytest.fixture
def archived(app, runner, tmp_path):
    with app.app_context():
        gen_staff("org", "organizer")
        contest = gen_contest("归档测试赛")
        gen_contestant(contest, 1, seat="01")
        session = gen_session(contest, "echo")
        start_session(session, "test")
        db.session.commit()
        from contest import clock
        from contest.models import Attempt
        attempt = db.session.execute(select(Attempt)).scalar_one()
        store_answers(attempt.id, CheckedSave(accepted=[SaveItem("e1", 1, "录入内容")]), "t",
                      clock.now())
        blob = storage().put("一段录音的字节".encode())
        db.session.commit()
        counts = {t.name: db.session.scalar(select(func.count()).select_from(t))
                  for t in db.metadata.sorted_tables}
    path = tmp_path / "contest.zip"
    result = runner.invoke(args=["archive", "create", str(path)])
    assert result.exit_code == 0, result.output
    return path, counts, blob


@pytest.fixture
def fresh(tmp_path, databases):
    folder = tmp_path / "fresh"
    folder.mkdir()
    uri = databases.new(folder)
    application = create_app(app_config(folder, uri))
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()
    databases.drop(uri)


def test_archive_restores_everything_into_a_fresh_instance(archived, fresh):
    path, counts, blob = archived
    result = fresh.test_cli_runner().invoke(args=["archive", "restore", str(path)])
    assert result.exit_code == 0, result.output
    with fresh.app_context():
        restored = {t.name: db.session.scalar(select(func.count()).select_from(t))
                    for t in db.metadata.sorted_tables}
        assert restored == counts
        from contest.models import Attempt, Contestant
        assert db.session.execute(select(Contestant.name)).scalar_one() == "选手1"
        attempt = db.session.execute(select(Attempt)).scalar_one()
        assert current_answers(attempt.id) == {"e1": "录入内容"}
        assert verify_chain().ok
        with storage().open(blob.key) as handle:
            assert handle.read() == "一段录音的字节".encode()
        gen_staff("after", "judge")                 # ids keep counting after restored rows


def test_a_changed_byte_is_caught_before_anything_is_restored(archived, fresh, tmp_path):
    path, _, _ = archived
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(tampered, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "db/contestant.jsonl":
                data = data.replace("选手1".encode(), "选手9".encode())
            target.writestr(item, data)
    result = fresh.test_cli_runner().invoke(args=["archive", "restore", str(tampered)])
    assert result.exit_code != 0 and "校验值不符" in result.output
    with fresh.app_context():
        from contest.models import Contestant
        assert db.session.scalar(select(func.count()).select_from(Contestant)) == 0


def test_restore_refuses_an_instance_that_has_data(archived, runner):
    path, _, _ = archived
    result = runner.invoke(args=["archive", "restore", str(path)])
    assert result.exit_code != 0 and "全新的实例" in result.output
