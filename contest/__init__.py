"""The contest engine's Flask application factory."""
from __future__ import annotations

import os
from typing import Any, Mapping

from flask import Flask, request

from .config import add_engine_defaults, default_settings, load_secret_key


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True,
                instance_path=os.environ.get("CONTEST_INSTANCE_PATH"))
    app.config.from_mapping(default_settings(app.instance_path))
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("CONTEST")
    else:
        app.config.from_mapping(test_config)
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = load_secret_key(app.instance_path)
    add_engine_defaults(app.config)
    register_extensions(app)
    register_request_hooks(app)
    register_blueprints(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    from . import models  # noqa: F401  (tables must be known before Migrate binds)
    from .extensions import csrf, db, login_manager, migrate
    from .users import load_user

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(__file__), "..", "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.user_loader(load_user)


def register_request_hooks(app: Flask) -> None:
    from .access import enforce_access
    from .db import set_read_only_request
    from .errors import register_error_handlers
    from .lanes import init_lanes
    from .security import init_security
    from .static_cache import init_static_cache
    from .sweeper import start_sweeper
    from .templating import init_templating

    @app.before_request
    def start_background_work() -> None:
        start_sweeper(app)

    @app.before_request
    def choose_transaction_kind() -> None:
        view = app.view_functions.get(request.endpoint or "")
        set_read_only_request(request.method in ("GET", "HEAD", "OPTIONS")
                              or getattr(view, "reads_first", False))

    app.before_request(enforce_access)
    register_error_handlers(app)
    init_security(app)
    init_templating(app)
    init_static_cache(app)
    init_lanes(app)


def register_blueprints(app: Flask) -> None:
    from .auth import bp as auth_bp
    from .ceremony import bp as ceremony_bp
    from .judge import bp as judge_bp
    from .modules import all_modules
    from .organizer import bp as organizer_bp
    from .printing import bp as printing_bp
    from .terminal import bp as terminal_bp

    for blueprint in (auth_bp, terminal_bp, organizer_bp, judge_bp, ceremony_bp, printing_bp):
        app.register_blueprint(blueprint)
    for module in all_modules():
        app.register_blueprint(module.blueprint)


def register_commands(app: Flask) -> None:
    from .cli import register_cli

    register_cli(app)
