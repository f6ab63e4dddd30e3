"""Connections to a network database are tested as they leave the pool; SQLite's are not."""
from __future__ import annotations

from contest.config import add_engine_defaults


def test_postgresql_connections_are_pinged():
    config = {"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://contest@db/contest",
              "SQLALCHEMY_ENGINE_OPTIONS": {}}
    add_engine_defaults(config)
    assert config["SQLALCHEMY_ENGINE_OPTIONS"] == {"pool_pre_ping": True}


def test_sqlite_connections_are_not_pinged():
    config = {"SQLALCHEMY_DATABASE_URI": "sqlite:////srv/contest.sqlite",
              "SQLALCHEMY_ENGINE_OPTIONS": {}}
    add_engine_defaults(config)
    assert "pool_pre_ping" not in config["SQLALCHEMY_ENGINE_OPTIONS"]


def test_an_explicit_choice_is_kept():
    config = {"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://contest@db/contest",
              "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": False, "pool_size": 20}}
    add_engine_defaults(config)
    assert config["SQLALCHEMY_ENGINE_OPTIONS"] == {"pool_pre_ping": False, "pool_size": 20}


def test_the_app_applies_them(app):
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    pinged = app.config["SQLALCHEMY_ENGINE_OPTIONS"].get("pool_pre_ping", False)
    assert pinged == (not uri.startswith("sqlite"))
