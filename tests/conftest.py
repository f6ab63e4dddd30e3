"""Fixtures shared by the app tests: a migrated database per test, a movable clock, factories.

Pure-package tests (scoring/, question_bank/ ...) need none of this and never import Flask.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from support import app_config

ROOT = Path(__file__).resolve().parent.parent


# Property tests judge behaviour, not speed: a busy CI machine must not fail them on time.
settings.register_profile("contest", deadline=None)
settings.load_profile("contest")


def pytest_configure(config: pytest.Config) -> None:
    from contest.modules import register
    from echo_module import EchoModule

    register(EchoModule())


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The PostgreSQL run repeats only the tests that use a database; pure ones ran already."""
    if not os.environ.get("CONTEST_TEST_DATABASE"):
        return
    keep = [item for item in items if "databases" in getattr(item, "fixturenames", ())]
    dropped = [item for item in items if item not in keep]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory):
    """Migrated databases for app tests: SQLite files, or PostgreSQL (CONTEST_TEST_DATABASE)."""
    from databases import databases_for_run

    return databases_for_run(tmp_path_factory.mktemp("template"))


@pytest.fixture
def app(request: pytest.FixtureRequest, tmp_path: Path, databases):
    """``@pytest.mark.app_settings(NAME=value)`` changes a setting of this test's app."""
    from contest import clock, create_app
    from contest.extensions import db
    from contest.printing.jobs import wait_for_print_jobs

    uri = databases.new(tmp_path)
    os.environ.pop("CONTEST_INSTANCE_PATH", None)
    marker = request.node.get_closest_marker("app_settings")
    application = create_app({**app_config(tmp_path, uri), **(marker.kwargs if marker else {})})
    clock.reset()
    yield application
    clock.reset()
    wait_for_print_jobs(application)
    with application.app_context():
        db.session.remove()
        db.engine.dispose()
    databases.drop(uri)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield app


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
