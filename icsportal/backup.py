"""Backup and restore of the database and the media folder as one archive.

PostgreSQL is dumped with pg_dump's custom format and restored with pg_restore; SQLite
is copied with its online backup API, which gives a consistent copy while the site runs.
.ci/backup and .ci/restore (make backup / make restore) are the command-line front.
"""

import os
import shutil
import sqlite3
import subprocess  # nosec B404 - runs pg_dump/pg_restore with fixed argument lists
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

DUMP = "database.dump"
SQLITE = "database.sqlite3"


def _is_postgres(database):
    return "postgresql" in database["ENGINE"]


def _pg_env(database):
    env = dict(os.environ)
    for key, variable in [("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"),
                          ("PASSWORD", "PGPASSWORD"), ("NAME", "PGDATABASE")]:
        if database.get(key):
            env[variable] = str(database[key])
    return env


def _run(command, database):
    # Fixed argument lists; pg_dump and pg_restore come from PATH like any client tool.
    subprocess.run(command, env=_pg_env(database), check=True)  # noqa: S603  # nosec


def _sqlite_connect(name):
    name = str(name)
    return sqlite3.connect(name, uri=name.startswith("file:"))


def backup(database, media_root, destination):
    """Write `destination`/icsportal-<UTC time>.tar.gz and return its path."""
    destination = Path(destination)
    destination.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    archive = destination / f"icsportal-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory() as work:
        if _is_postgres(database):
            dump = Path(work) / DUMP
            _run(["pg_dump", "-Fc", "--no-owner", "-f", str(dump)], database)
        else:
            dump = Path(work) / SQLITE
            source, target = _sqlite_connect(database["NAME"]), sqlite3.connect(dump)
            with target:
                source.backup(target)
            source.close()
            target.close()
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(dump, arcname=dump.name)
            if Path(media_root).is_dir():
                tar.add(media_root, arcname="media")
    return archive


def restore(archive, database, media_root):
    """Replace the database and the media folder with the contents of `archive`."""
    with tempfile.TemporaryDirectory() as work, tarfile.open(archive) as tar:
        tar.extractall(work, filter="data")
        if _is_postgres(database):
            _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--exit-on-error",
                  "-d", database["NAME"], str(Path(work) / DUMP)], database)
        else:
            source, target = sqlite3.connect(Path(work) / SQLITE), _sqlite_connect(database["NAME"])
            with target:
                source.backup(target)
            source.close()
            target.close()
        media = Path(work) / "media"
        if media.is_dir():
            shutil.rmtree(media_root, ignore_errors=True)
            shutil.copytree(media, media_root)
