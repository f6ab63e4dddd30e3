import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from ..extensions import db


@click.command("backup")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path), required=False)
@with_appcontext
def backup_command(folder: Path | None) -> None:
    """Copy the SQLite database (consistently, while the server runs) and stored files."""
    url = db.engine.url
    if url.get_backend_name() != "sqlite":
        raise click.ClickException("PostgreSQL 请使用 pg_dump 备份(见 README)")
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = folder or Path(current_app.instance_path) / "backups" / stamp
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "contest.sqlite"
    with sqlite3.connect(url.database) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    files = Path(current_app.config["STORAGE_DIR"])
    if files.is_dir():
        shutil.copytree(files, folder / "files", dirs_exist_ok=True)
    click.echo(f"已备份到 {folder}")
