"""Fixtures shared by the app tests: a migrated database per test, a movable clock, factories.

Pure-package tests (scoring/, question_bank/ ...) need none of this and never import Flask.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from support import app_config

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config: pytest.Config) -> None:
    from contest.modules import register
    from echo_module import EchoModule

    register(EchoModule())


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Run the real migrations once; each test copies the resulting database file."""
    from contest import create_app
    from contest.extensions import db
    from flask_migrate import upgrade

    folder = tmp_path_factory.mktemp("template")
    path = folder / "template.sqlite"
    app = create_app(app_config(folder, f"sqlite:///{path}"))
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        db.engine.dispose()
    return path


@pytest.fixture
def app(tmp_path: Path, migrated_template: Path):
    from contest import clock, create_app
    from contest.extensions import db

    database = tmp_path / "contest.sqlite"
    shutil.copy(migrated_template, database)
    os.environ.pop("CONTEST_INSTANCE_PATH", None)
    application = create_app(app_config(tmp_path, f"sqlite:///{database}"))
    clock.reset()
    yield application
    clock.reset()
    with application.app_context():
        db.engine.dispose()


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
