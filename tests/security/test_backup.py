"""A backup restored into an empty database and media folder gives back every record and file."""

import sqlite3

import pytest
from django.db import connection

from icsportal.backup import _sqlite_connect, backup, restore
from tests.people.factories import PersonFactory, RoleFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def content(settings, tmp_path):
    media = tmp_path / "media"
    (media / "people").mkdir(parents=True)
    (media / "people" / "portrait.jpg").write_bytes(b"\xff\xd8 portrait bytes")
    (media / "papers.pdf").write_bytes(b"%PDF-1.7 board papers")
    settings.MEDIA_ROOT = media
    people = [PersonFactory(biography="<p>Chair since 2022.</p>") for _ in range(3)]
    RoleFactory(person=people[0])
    return media


def files(folder):
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def rows(cursor, tables):
    found = {}
    for table in tables:
        cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1')  # noqa: S608 - names from the schema
        found[table] = cursor.fetchall()
    return found


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite path")
def test_a_sqlite_backup_restores_every_record_and_file(content, tmp_path):
    archive = backup(connection.settings_dict, content, tmp_path / "backups")
    assert archive.name.startswith("icsportal-") and archive.name.endswith(".tar.gz")
    restored_db, restored_media = tmp_path / "restored.sqlite3", tmp_path / "restored-media"
    restore(archive, {"ENGINE": "django.db.backends.sqlite3", "NAME": restored_db},
            restored_media)

    tables = connection.introspection.table_names()
    live = _sqlite_connect(connection.settings_dict["NAME"])
    copy = sqlite3.connect(restored_db)
    assert rows(live.cursor(), tables) == rows(copy.cursor(), tables)
    assert len(rows(copy.cursor(), ["people_person"])["people_person"]) == 3
    assert files(restored_media) == files(content)


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs DATABASE_URL on PostgreSQL")
def test_a_postgresql_backup_restores_every_record_and_file(content, tmp_path):
    import psycopg2
    import psycopg2.extras

    archive = backup(connection.settings_dict, content, tmp_path / "backups")
    empty = {**connection.settings_dict, "NAME": f"{connection.settings_dict['NAME']}_restore"}
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{empty["NAME"]}"')
        cursor.execute(f'CREATE DATABASE "{empty["NAME"]}"')
    try:
        restore(archive, empty, tmp_path / "restored-media")
        tables = connection.introspection.table_names()
        copy = psycopg2.connect(dbname=empty["NAME"], host=empty["HOST"], port=empty["PORT"],
                                user=empty["USER"], password=empty["PASSWORD"] or None)
        # Django's connection reads jsonb as its text (the JSON fields parse it); so does
        # this one, so that the two compare the same way.
        psycopg2.extras.register_default_jsonb(conn_or_curs=copy, loads=lambda text: text)
        try:
            with connection.cursor() as live_cursor, copy.cursor() as copy_cursor:
                assert rows(live_cursor, tables) == rows(copy_cursor, tables)
                copy_cursor.execute("SELECT count(*) FROM people_person")
                assert copy_cursor.fetchone() == (3,)
        finally:
            copy.close()  # before the database is dropped, also when a check fails
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{empty["NAME"]}"')
    assert files(tmp_path / "restored-media") == files(content)
