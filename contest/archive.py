"""A whole contest instance in one zip: every table as JSON lines, every stored file, and a
SHA-256 manifest; restored into a fresh instance on SQLite or PostgreSQL alike."""
from __future__ import annotations

import hashlib
import json
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterator

from alembic.migration import MigrationContext
from sqlalchemy import func, insert, select, text
from sqlalchemy.sql.schema import Table

from . import clock
from .extensions import db
from .storage import FilesystemStorage

FORMAT = 1


class ArchiveRefused(Exception):
    """Why an archive cannot be restored here, in Chinese."""


def create_archive(target: Path, storage_root: Path) -> dict[str, Any]:
    """Write the archive; returns its manifest."""
    sums: dict[str, str] = {}
    tables: dict[str, int] = {}
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in db.metadata.sorted_tables:
            payload = "".join(json.dumps(row, ensure_ascii=False, default=_encode) + "\n"
                              for row in _rows(table)).encode("utf-8")
            tables[table.name] = payload.count(b"\n")
            _write(archive, f"db/{table.name}.jsonl", payload, sums)
        for path in sorted(p for p in storage_root.rglob("*") if p.is_file()):
            if not path.name.startswith(".incoming-"):
                _write(archive, f"files/{path.relative_to(storage_root)}", path.read_bytes(),
                       sums)
        manifest = {"format": FORMAT, "created_at": clock.now().isoformat(),
                    "revision": _revision(), "tables": tables, "sha256": sums}
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
    return manifest


def restore_archive(source: Path, storage_root: Path) -> dict[str, Any]:
    """Load an archive into this (migrated, empty) instance; every checksum is verified first."""
    with zipfile.ZipFile(source) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        _check(archive, manifest)
        for table in db.metadata.sorted_tables:
            rows = [json.loads(line) for line in
                    archive.read(f"db/{table.name}.jsonl").decode("utf-8").splitlines()]
            if rows:
                db.session.execute(table.delete())
                db.session.execute(insert(table), [_decode(table, row) for row in rows])
        _reset_sequences()
        storage = FilesystemStorage(storage_root)
        for name in manifest["sha256"]:
            if name.startswith("files/"):
                target = storage.path(name.removeprefix("files/"))
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.read(name))
    return manifest


def _check(archive: zipfile.ZipFile, manifest: dict[str, Any]) -> None:
    if manifest.get("format") != FORMAT:
        raise ArchiveRefused("归档格式版本不符")
    if manifest.get("revision") != _revision():
        raise ArchiveRefused(f"归档的数据库版本 {manifest.get('revision')} 与本系统 "
                             f"{_revision()} 不同,请先用相同版本恢复")
    for name, expected in manifest["sha256"].items():
        if hashlib.sha256(archive.read(name)).hexdigest() != expected:
            raise ArchiveRefused(f"归档中的 {name} 校验值不符,文件已损坏或被改动")
    if any(db.session.scalar(select(func.count()).select_from(t)) for t in _data_tables()):
        raise ArchiveRefused("只能恢复到全新的实例(当前数据库已有数据)")


def _data_tables() -> list[Table]:
    return [t for t in db.metadata.sorted_tables if t.name not in ("audit_head",)]


def _rows(table: Table) -> Iterator[dict[str, Any]]:
    result = db.session.execute(select(table).order_by(*table.primary_key.columns))
    for row in result.mappings():
        yield dict(row)


def _write(archive: zipfile.ZipFile, name: str, data: bytes, sums: dict[str, str]) -> None:
    archive.writestr(name, data)
    sums[name] = hashlib.sha256(data).hexdigest()


def _encode(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    raise TypeError(f"cannot archive {type(value).__name__}")


def _decode(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    decoded = {}
    for column in table.columns:
        value = row.get(column.name)
        kind = _python_type(column)
        if value is not None and kind is datetime:
            value = datetime.fromisoformat(value)
        elif value is not None and kind is date:
            value = date.fromisoformat(value)
        decoded[column.name] = value
    return decoded


def _python_type(column: Any) -> type | None:
    column_type = getattr(column.type, "impl_instance", column.type)   # our UTCDateTime wraps
    try:
        return column_type.python_type
    except NotImplementedError:
        return None


def _revision() -> str | None:
    return MigrationContext.configure(db.session.connection()).get_current_revision()


def _reset_sequences() -> None:
    """PostgreSQL hands out ids from sequences, which explicit ids do not advance."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for table in db.metadata.sorted_tables:
        key = list(table.primary_key.columns)
        if len(key) == 1 and key[0].autoincrement is not False and _python_type(key[0]) is int:
            db.session.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', '{key[0].name}'), "
                f"COALESCE((SELECT MAX({key[0].name}) FROM \"{table.name}\"), 0) + 1, false)"))
