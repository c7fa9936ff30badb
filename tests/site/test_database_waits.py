"""The web process's PostgreSQL connections give up waiting on a lock (icsportal.wsgi,
`limit_database_waits`): a table a migration holds sends its pages in seconds, as the
page cache's earlier copy or as 503, and no worker is held until gunicorn kills it."""

import time
import urllib.error
import urllib.request
from contextlib import contextmanager

import psycopg2
import pytest
from django.db import connection

from icsportal import caching
from icsportal.management.commands import bench
from icsportal.wsgi import limit_database_waits
from tests.perf.test_cache_outage import site_env

PAGE = "/people/"
LOCK_MS = 500


def test_the_limits_are_options_of_a_postgresql_connection(settings):
    settings.ICSPORTAL_DB_LOCK_TIMEOUT_MS = 2000
    settings.ICSPORTAL_DB_STATEMENT_TIMEOUT_MS = 0  # none
    databases = {
        "default": {"ENGINE": "icsportal.postgresql",
                    "OPTIONS": {"options": "-c search_path=icsportal"}},
        "plain": {"ENGINE": "django.db.backends.postgresql"},
        "embedded": {"ENGINE": "django.db.backends.sqlite3", "OPTIONS": {}},
    }
    limit_database_waits(databases)
    assert databases["default"]["OPTIONS"] == {
        "options": "-c search_path=icsportal -c lock_timeout=2000"}
    assert databases["plain"]["OPTIONS"] == {"options": "-c lock_timeout=2000"}
    assert databases["embedded"]["OPTIONS"] == {}


def on_postgresql(test):
    for mark in (pytest.mark.postgres,
                 pytest.mark.skipif(connection.vendor != "postgresql",
                                    reason="locks a PostgreSQL table under gunicorn"),
                 pytest.mark.django_db):
        test = mark(test)
    return test


@contextmanager
def served(lock_ms):
    """gunicorn with one worker, its page cache in its memory, on the test database,
    whose lock timeout is `lock_ms` (0: none)."""
    environ = {**site_env("unused"),
               "DATABASE_URL": bench.database_url(connection.settings_dict["NAME"]),
               "ICSPORTAL_DB_LOCK_TIMEOUT_MS": str(lock_ms)}
    with bench.gunicorn(1, True, environ=environ) as (base, _pid):
        yield base


@contextmanager
def table_locked(table):
    """`table` locked as a migration altering it locks it, by another session."""
    session = psycopg2.connect(**connection.get_connection_params())
    try:
        with session.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
        yield
    finally:
        session.rollback()
        session.close()


def fetch(url, timeout=10):
    """(status, ETag, body) of `url`, an error status included; TimeoutError when it is
    not answered within `timeout` seconds."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310  # nosec B310: loopback
            return response.status, response.headers["ETag"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["ETag"], error.read()


@on_postgresql
@pytest.mark.parametrize("kept", [False, True], ids=["nothing-kept", "kept-before-an-edit"])
def test_a_locked_table_s_page_is_sent_within_the_lock_timeout(kept):
    with served(LOCK_MS) as base:
        # Without a kept copy: another page of the same list, which the worker has never
        # rendered (a made-up parameter would be sent to the list's own address).
        url = f"{base}{PAGE}" if kept else f"{base}{PAGE}?letter=Z"
        before = fetch(f"{base}{PAGE}")
        assert before[0] == 200
        caching.bump_content_version()  # an edit, made in another process
        with table_locked("people_person"):
            during = fetch(url)  # within 10 s, where without the limit it waits for the lock
        if kept:
            assert during == before  # the copy, with its own version's ETag
        else:
            assert during[:2] == (503, None)
            assert b"Sorry, there is a problem with the service" in during[2]
        # The worker was not killed, and the edit reached it: once the lock is gone the
        # page is rendered again under the new version, a copy being sent without asking
        # the database for DATABASE_RETRY_SECONDS after the failure.
        deadline = time.monotonic() + caching.DATABASE_RETRY_SECONDS + 5
        while (after := fetch(url))[1] == before[1] and time.monotonic() < deadline:
            time.sleep(0.2)
        assert after[0] == 200 and after[1] != before[1]


@on_postgresql
def test_without_a_lock_timeout_a_locked_table_holds_the_worker():
    """The check above can fail: with no limit a reader waits for the lock itself."""
    with served(0) as base:
        caching.bump_content_version()
        with table_locked("people_person"), pytest.raises((TimeoutError, urllib.error.URLError)):
            fetch(f"{base}{PAGE}", timeout=2)
        assert fetch(f"{base}{PAGE}")[0] == 200  # once the lock is gone
