"""Command-line tools: thin Click wrappers over the services."""
from flask import Flask

from .archive import archive_cli
from .audit import audit_cli
from .backup import backup_command
from .bank import bank_cli
from .demo import demo_cli
from .draw import draw_cli
from .people import contestant_cli, user_cli
from .sweep import sweep_command


def register_cli(app: Flask) -> None:
    for group in (archive_cli, audit_cli, bank_cli, demo_cli, draw_cli, contestant_cli, user_cli):
        app.cli.add_command(group)
    app.cli.add_command(sweep_command)
    from ..modules import all_modules

    for module in all_modules():
        for command in module.cli_commands():
            app.cli.add_command(command)
    app.cli.add_command(backup_command)
