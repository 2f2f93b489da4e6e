"""Backups and restores: the database, the uploaded files, and a manifest to check them by.

A backup is one dated folder (`<BACKUP_ROOT>/<YYYYMMDD-HHMMSS>/`) holding

- `database.dump` — `pg_dump -Fc` of a PostgreSQL database, or `database.sqlite3` — SQLite's
  online backup API (a consistent copy while the site runs);
- `media.tar.gz` — MEDIA_ROOT (uploaded documents, campaign plans and evidence);
- `manifest.json` — when and from what, the SHA-256 of each file, every model's row count,
  and a checksum of the rows of the key tables (`BACKUP_KEY_TABLES`: talents, cases,
  disbursements, audit events).

A restore goes into a fresh database (a URL, PostgreSQL or SQLite), unpacks the files and then
recounts and re-checksums the restored tables against the manifest: a restore that does not
match fails loudly. The procedure and the drill: docs/operations.md.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import environ
from django.apps import apps
from django.conf import settings
from django.db import connections, transaction
from django.db.utils import load_backend

from . import clock

MANIFEST = "manifest.json"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA_ARCHIVE = "media.tar.gz"
DEFAULT_KEY_TABLES = ("talents.Talent", "desk.Application", "desk.Disbursement", "core.AuditEvent")


class BackupError(Exception):
    pass


def key_tables() -> list[str]:
    return list(getattr(settings, "BACKUP_KEY_TABLES", DEFAULT_KEY_TABLES))


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _stable(value: Any) -> str:
    return json.dumps(value, default=str, ensure_ascii=False, sort_keys=True)


def table_checksum(label: str, using: str) -> dict[str, Any]:
    """The key table's row count and the SHA-256 of its rows, every column, in key order."""
    model = apps.get_model(label)
    columns = [field.attname for field in model._meta.concrete_fields]
    digest = hashlib.sha256()
    rows = 0
    queryset = model._base_manager.using(using).order_by("pk").values_list(*columns)
    for row in queryset.iterator(chunk_size=2000):
        digest.update(_stable(list(row)).encode())
        digest.update(b"\n")
        rows += 1
    return {"table": model._meta.db_table, "rows": rows, "sha256": digest.hexdigest()}


def summary(using: str = "default") -> dict[str, Any]:
    """Every model's row count, and the key tables' checksums."""
    counts = {
        model._meta.label: model._base_manager.using(using).count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }
    return {
        "row_counts": dict(sorted(counts.items())),
        "key_tables": {label: table_checksum(label, using) for label in key_tables()},
    }


# --- the database ---------------------------------------------------------------------------


def _pg_arguments(config: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    arguments = ["-d", str(config["NAME"])]
    if config.get("HOST"):
        arguments += ["-h", str(config["HOST"])]
    if config.get("PORT"):
        arguments += ["-p", str(config["PORT"])]
    if config.get("USER"):
        arguments += ["-U", str(config["USER"])]
    environment = dict(os.environ)
    if config.get("PASSWORD"):
        environment["PGPASSWORD"] = str(config["PASSWORD"])
    return arguments, environment


def _pg_tool(name: str) -> str:
    """pg_dump/pg_restore: PG_BIN if set, the newest installed server's, else the PATH's."""
    if os.environ.get("PG_BIN"):
        return str(Path(os.environ["PG_BIN"]) / name)
    installed = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3])
    )
    if installed:
        return str(installed[-1])
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} not found: install the PostgreSQL client or set PG_BIN.")
    return found


def _run(command: list[str], environment: dict[str, str]) -> None:
    result = subprocess.run(  # noqa: S603 (PostgreSQL's own tools, arguments we build)
        command, env=environment, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")


def _is_postgres(config: dict[str, Any]) -> bool:
    return "postgresql" in config["ENGINE"]


def _is_sqlite(config: dict[str, Any]) -> bool:
    return "sqlite3" in config["ENGINE"]


def dump_database(folder: Path, using: str, snapshot: str = "") -> Path:
    config = connections[using].settings_dict
    if _is_postgres(config):
        target = folder / PG_DUMP
        arguments, environment = _pg_arguments(config)
        if snapshot:
            arguments.append(f"--snapshot={snapshot}")
        _run([_pg_tool("pg_dump"), "-Fc", "--no-owner", "-f", str(target), *arguments], environment)
        return target
    if _is_sqlite(config):
        target = folder / SQLITE_COPY
        connection = connections[using]
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)  # the online backup API
        finally:
            destination.close()
        return target
    raise BackupError(f"No backup procedure for {config['ENGINE']}.")


def load_database(folder: Path, config: dict[str, Any]) -> None:
    if _is_postgres(config):
        dump = folder / PG_DUMP
        if not dump.exists():
            raise BackupError("This backup is not of a PostgreSQL database.")
        arguments, environment = _pg_arguments(config)
        command = [_pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error"]
        _run([*command, *arguments, str(dump)], environment)
        return
    if _is_sqlite(config):
        copy = folder / SQLITE_COPY
        if not copy.exists():
            raise BackupError("This backup is not of a SQLite database.")
        target = Path(config["NAME"])
        if target.exists() and target.stat().st_size > 0:
            raise BackupError(f"{target} exists: restore into a fresh database.")
        source, destination = sqlite3.connect(copy), sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            source.close()
            destination.close()
        return
    raise BackupError(f"No restore procedure for {config['ENGINE']}.")


@contextmanager
def database_at(url: str) -> Iterator[str]:
    """A connection alias for the database at `url`, for the length of the block."""
    parsed = environ.Env.db_url_config(url)
    config = dict(connections["default"].settings_dict)
    for key in ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT"):
        config[key] = parsed.get(key, "")
    if config["ENGINE"] != connections["default"].settings_dict["ENGINE"]:
        config["OPTIONS"] = parsed.get("OPTIONS", {})
    alias = f"restore_{uuid.uuid4().hex[:8]}"
    # A connection made here, not a configured alias: it lives for this block only.
    wrapper = load_backend(config["ENGINE"]).DatabaseWrapper(config, alias)
    connections[alias] = wrapper
    try:
        yield alias
    finally:
        wrapper.close()
        del connections[alias]


# --- media ----------------------------------------------------------------------------------


def archive_media(folder: Path, media_root: Path) -> Path:
    target = folder / MEDIA_ARCHIVE
    with tarfile.open(target, "w:gz") as archive:
        if media_root.exists():
            for path in sorted(media_root.rglob("*")):
                if path.is_file():
                    archive.add(path, arcname=str(path.relative_to(media_root)))
    return target


def unpack_media(folder: Path, media_root: Path) -> None:
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / MEDIA_ARCHIVE, "r:gz") as archive:
        archive.extractall(media_root, filter="data")  # no absolute paths, no links out


# --- the two operations ---------------------------------------------------------------------


def create_backup(root: Path, *, using: str = "default", media_root: Path | None = None) -> Path:
    """Back the database and the uploaded files up into a new dated folder under `root`."""
    media_root = Path(media_root or settings.MEDIA_ROOT)
    folder = Path(root) / clock.now().strftime("%Y%m%d-%H%M%S")
    if folder.exists():
        folder = folder.with_name(f"{folder.name}-{uuid.uuid4().hex[:4]}")
    folder.mkdir(parents=True)
    config = connections[using].settings_dict
    if _is_postgres(config):
        # The manifest counts the very rows the dump holds: both read one exported snapshot.
        with transaction.atomic(using=using), connections[using].cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            tables = summary(using)
            database = dump_database(folder, using, snapshot=snapshot)
    else:
        # SQLite: copy first, then count the copy.
        database = dump_database(folder, using)
        with database_at(f"sqlite:///{database.resolve()}") as alias:
            tables = summary(alias)
    media = archive_media(folder, media_root)
    manifest = {
        "created_at": clock.now().isoformat(),
        "engine": connections[using].vendor,
        "files": {path.name: file_sha256(path) for path in (database, media)},
        **tables,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return folder


def read_manifest(folder: Path) -> dict[str, Any]:
    manifest = json.loads((Path(folder) / MANIFEST).read_text())
    for name, expected in manifest["files"].items():
        if file_sha256(Path(folder) / name) != expected:
            raise BackupError(f"{name} does not match its checksum in the manifest.")
    return manifest


def differences(manifest: dict[str, Any], using: str) -> list[str]:
    """What the database at `using` holds differently from the manifest (empty: it matches)."""
    found = summary(using)
    problems = []
    for label, expected in manifest["key_tables"].items():
        actual = found["key_tables"].get(label)
        if actual != expected:
            problems.append(f"{label}: expected {expected}, found {actual}")
    for label, rows in manifest["row_counts"].items():
        if found["row_counts"].get(label) != rows:
            problems.append(f"{label}: {rows} rows expected, {found['row_counts'].get(label)}")
    return problems


def restore_backup(folder: Path, *, into_url: str, media_root: Path | None = None) -> list[str]:
    """Restore a backup into the fresh database at `into_url` and the files into MEDIA_ROOT,
    then check both against the manifest: the list of differences (empty: a good restore)."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    config = environ.Env.db_url_config(into_url)
    load_database(folder, config)
    unpack_media(folder, Path(media_root or settings.MEDIA_ROOT))
    with database_at(into_url) as alias:
        return differences(manifest, alias)
