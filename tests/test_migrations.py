"""The migrations build exactly the schema the models describe, and upgrade in place."""
from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from contest.extensions import db

MIGRATIONS = str(Path(__file__).resolve().parent.parent / "migrations")


def test_migrated_schema_matches_the_models(ctx):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_an_old_database_upgrades_in_place_and_keeps_its_rows(ctx):
    downgrade(directory=MIGRATIONS, revision="0001")
    with db.engine.begin() as connection:
        connection.execute(text("INSERT INTO contest (name, venue, mode, settings, created_at) "
                                "VALUES ('旧比赛', '', 'contest', '{}', '2026-01-01 00:00:00')"))
    upgrade(directory=MIGRATIONS)
    columns = {c["name"] for c in inspect(db.engine).get_columns("module_session")}
    assert "content_version" in columns and inspect(db.engine).has_table("stored_file")
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT name FROM contest")).scalar_one() == "旧比赛"
