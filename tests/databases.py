"""Where app tests get a migrated database: a copied SQLite file (default), or, when
CONTEST_TEST_DATABASE names a PostgreSQL server, a database cloned from a migrated template."""
from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path
from typing import Protocol

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from support import app_config

MIGRATIONS = str(Path(__file__).resolve().parent.parent / "migrations")


class Databases(Protocol):
    def new(self, folder: Path) -> str: ...
    def drop(self, uri: str) -> None: ...


def migrate(uri: str, instance: Path) -> None:
    from flask_migrate import upgrade

    from contest import create_app
    from contest.extensions import db

    app = create_app(app_config(instance, uri))
    with app.app_context():
        upgrade(directory=MIGRATIONS)
        db.engine.dispose()


class SqliteDatabases:
    def __init__(self, folder: Path) -> None:
        self.template = folder / "template.sqlite"
        migrate(f"sqlite:///{self.template}", folder)

    def new(self, folder: Path) -> str:
        path = folder / "contest.sqlite"
        shutil.copy(self.template, path)
        return f"sqlite:///{path}"

    def drop(self, uri: str) -> None:
        pass


class PostgresDatabases:
    """CREATE DATABASE ... TEMPLATE is a file copy inside the server: fast per test."""

    def __init__(self, server: str, folder: Path) -> None:
        self.server = make_url(server)
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        self.template = f"contest_template_{worker}"
        self._admin(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)',
                    f'CREATE DATABASE "{self.template}"')
        migrate(self._uri(self.template), folder)

    def new(self, folder: Path) -> str:
        name = f"contest_test_{uuid.uuid4().hex[:12]}"
        self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        return self._uri(name)

    def drop(self, uri: str) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{make_url(uri).database}" WITH (FORCE)')

    def _uri(self, database: str) -> str:
        return self.server.set(database=database).render_as_string(hide_password=False)

    def _admin(self, *statements: str) -> None:
        engine = create_engine(self.server, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            for statement in statements:
                connection.execute(text(statement))
        engine.dispose()


def databases_for_run(folder: Path) -> Databases:
    server = os.environ.get("CONTEST_TEST_DATABASE")
    return PostgresDatabases(server, folder) if server else SqliteDatabases(folder)
