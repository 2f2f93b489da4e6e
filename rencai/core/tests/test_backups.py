"""A backup restores into a fresh database with the manifest's counts and checksums, and the
uploaded files come back with it (docs/operations.md)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from rencai.core import backups
from rencai.core.models import AuditEvent
from rencai.desk.models import Application
from rencai.desk.tests.factories import make_clerk, make_desk_benefit, make_master, open_case
from rencai.talents.models import Talent

pytestmark = pytest.mark.django_db(transaction=True)

PLAN = b"%PDF-1.4 a campaign plan\n"


def small_world(media_root: Path) -> None:
    """Three talents, two cases opened at the window (with their audit events), one upload."""
    clerk = make_clerk()
    benefit = make_desk_benefit()
    talents = [make_master() for _ in range(3)]
    for talent in talents[:2]:
        open_case(clerk, talent, benefit)
    (media_root / "campaigns" / "plans").mkdir(parents=True)
    (media_root / "campaigns" / "plans" / "plan.pdf").write_bytes(PLAN)


def postgres_url(name: str) -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{name}"


@pytest.fixture
def fresh_postgres_database():
    name = f"rencai_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield postgres_url(name)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump and pg_restore")
def test_a_postgres_backup_restores_into_a_fresh_database_matching_its_manifest(
    tmp_path, fresh_postgres_database
):
    # Given a small world and one uploaded file
    media = tmp_path / "media"
    small_world(media)
    # When it is backed up and restored into a fresh database and an empty media folder
    folder = backups.create_backup(tmp_path / "backups", media_root=media)
    restored_media = tmp_path / "restored-media"
    problems = backups.restore_backup(
        folder, into_url=fresh_postgres_database, media_root=restored_media
    )
    # Then every count and key-table checksum matches, and the manifest counted the world
    assert problems == []
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["engine"] == "postgresql"
    assert manifest["key_tables"]["talents.Talent"]["rows"] == 3
    assert manifest["key_tables"]["desk.Application"]["rows"] == 2
    assert manifest["key_tables"]["core.AuditEvent"]["rows"] == AuditEvent.objects.count() > 0
    assert (restored_media / "campaigns" / "plans" / "plan.pdf").read_bytes() == PLAN


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump and pg_restore")
def test_a_restore_that_differs_from_the_manifest_is_reported(tmp_path, fresh_postgres_database):
    small_world(tmp_path / "media")
    folder = backups.create_backup(tmp_path / "backups", media_root=tmp_path / "media")
    backups.restore_backup(
        folder, into_url=fresh_postgres_database, media_root=tmp_path / "restored"
    )
    manifest = backups.read_manifest(folder)
    # When one case in the restored database is altered
    with backups.database_at(fresh_postgres_database) as alias:
        Application.objects.using(alias).filter(
            pk=Application.objects.order_by("pk").first().pk
        ).update(payee_account="6222000000000000000")
        problems = backups.differences(manifest, alias)
    # Then the check names the table
    assert len(problems) == 1
    assert problems[0].startswith("desk.Application:")


def test_a_damaged_backup_file_is_refused_before_anything_is_restored(tmp_path):
    small_world(tmp_path / "media")
    folder = backups.create_backup(tmp_path / "backups", media_root=tmp_path / "media")
    with (folder / backups.MEDIA_ARCHIVE).open("ab") as archive:
        archive.write(b"tampered")
    with pytest.raises(backups.BackupError, match="does not match its checksum"):
        backups.read_manifest(folder)


@pytest.mark.portable
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's online backup API")
def test_a_sqlite_backup_restores_through_the_commands_into_a_fresh_file(tmp_path, settings):
    # Given a small world on SQLite
    settings.MEDIA_ROOT = tmp_path / "media"
    small_world(settings.MEDIA_ROOT)
    # When `manage.py backup` and `manage.py restore --into` a new file run
    call_command("backup", to=str(tmp_path / "backups"))
    (folder,) = (tmp_path / "backups").iterdir()
    target = tmp_path / "restored.sqlite3"
    call_command(
        "restore",
        str(folder),
        into=f"sqlite:///{target}",
        media_root=str(tmp_path / "restored-media"),
    )
    # Then the copy holds the world and the file came back
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["key_tables"]["talents.Talent"]["rows"] == Talent.objects.count() == 3
    assert (tmp_path / "restored-media" / "campaigns" / "plans" / "plan.pdf").read_bytes() == PLAN
    # And a second restore into the same, now full, file is refused
    with pytest.raises(CommandError, match="restore into a fresh database"):
        call_command("restore", str(folder), into=f"sqlite:///{target}")
