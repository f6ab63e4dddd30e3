from datetime import datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from ..archive import ArchiveRefused, create_archive, restore_archive
from ..extensions import db
from ..services.audit import verify_chain

archive_cli = AppGroup("archive", help="比赛归档与恢复")


@archive_cli.command("create")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path), required=False)
def create(path: Path | None) -> None:
    """Write the whole instance (database, files, audit log) with a SHA-256 manifest."""
    path = path or Path(current_app.instance_path) / "archives" / \
        f"contest-{datetime.now():%Y%m%d-%H%M%S}.zip"
    path.parent.mkdir(parents=True, exist_ok=True)
    manifest = create_archive(path, Path(current_app.config["STORAGE_DIR"]))
    files = sum(1 for name in manifest["sha256"] if name.startswith("files/"))
    click.echo(f"已归档到 {path}:{sum(manifest['tables'].values())} 行数据,{files} 个文件")


@archive_cli.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore(path: Path) -> None:
    """Restore an archive into this fresh, migrated instance; checks every checksum first."""
    try:
        manifest = restore_archive(path, Path(current_app.config["STORAGE_DIR"]))
    except ArchiveRefused as refusal:
        db.session.rollback()
        raise click.ClickException(str(refusal)) from refusal
    db.session.commit()
    verdict = verify_chain()
    click.echo(f"已恢复 {sum(manifest['tables'].values())} 行数据;审计日志"
               f"{'完整' if verdict.ok else '异常:' + verdict.message}")
    if not verdict.ok:
        raise SystemExit(1)
