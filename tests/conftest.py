"""Fixtures shared by the whole suite: staff users per group, the seeds, a Redis server,
the test's connection kept open through WSGI, CI strictness; and pages drawn with the
number of queries they sent."""

import os
import shutil
import subprocess
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext

from icsportal import roles
from icsportal.compiled import Compiled

SEEDS_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI a browser, PostgreSQL, wrk or Redis test that skips is a failure, not a pass."""
    report = yield
    if report.skipped and call.when in ("setup", "call"):
        required = []
        if os.environ.get("ICSPORTAL_REQUIRE_BROWSER"):
            required.append("browser")
        if os.environ.get("ICSPORTAL_REQUIRE_POSTGRES"):
            required.append("postgres")
        if os.environ.get("ICSPORTAL_REQUIRE_WRK"):
            required.append("wrk")
        if os.environ.get("ICSPORTAL_REQUIRE_REDIS"):
            required.append("redis")
        if os.environ.get("ICSPORTAL_REQUIRE_NGINX"):
            required.append("nginx")
        for marker in required:
            if item.get_closest_marker(marker):
                report.outcome = "failed"
                report.longrepr = (
                    f"{marker} test skipped in CI, which must run it: {report.longrepr}"
                )
    return report


def store_a_content_version():
    """Put in the cache a content version that knows of no scheduled change, as a
    running site's cache holds one, made without asking the database (which some tests
    may not use)."""
    from django.core.cache import cache

    from icsportal import caching

    cache.set(caching.VERSION_KEY, ("test", time.time(), None), timeout=None)


@pytest.fixture(autouse=True, scope="session")
def _state_dir(tmp_path_factory):
    """The content versions of the run, and of the sites its tests start in other
    processes (which inherit the variable), in a directory of the run's own rather than
    the project's var/, which would gain a file for each temporary database."""
    from django.conf import settings

    directory = tmp_path_factory.mktemp("state")
    saved = os.environ.get("ICSPORTAL_STATE_DIR"), settings.ICSPORTAL_STATE_DIR
    os.environ["ICSPORTAL_STATE_DIR"] = str(directory)
    settings.ICSPORTAL_STATE_DIR = directory
    yield directory
    if saved[0] is None:
        del os.environ["ICSPORTAL_STATE_DIR"]
    else:
        os.environ["ICSPORTAL_STATE_DIR"] = saved[0]
    settings.ICSPORTAL_STATE_DIR = saved[1]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache, so a page one test cached never answers
    another, and with a cache and a schedule this process has not seen fail."""
    from django.core.cache import cache

    from icsportal import caching

    cache.clear()
    caching.health = caching.CacheHealth()
    caching.schedule_health = caching.ScheduleHealth()
    caching.database_health = caching.DatabaseHealth()
    # A running site's cache holds a content version, made by an earlier request or
    # edit, and a test's rows are saved in a transaction that never commits, so they
    # make none: start each test with one.
    store_a_content_version()


@pytest.fixture
def committed():
    """At the end of the block, what a commit of the edits in it does: every commit hook
    runs and the connection's list of them is emptied, as after an edit in the admin.
    The content version reads the schedule then, with the new rows in it.

    The test's own transaction never commits, and pytest-django's capture of the hooks
    leaves them in that list, where a second edit in the same test would find its bump
    registered already and add none."""
    @contextmanager
    def commit():
        yield
        hooks, connection.run_on_commit[:] = list(connection.run_on_commit), []
        for _savepoints, hook, _robust in hooks:
            hook()
    return commit


@dataclass
class RedisServer:
    url: str
    process: subprocess.Popen


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """A throwaway Redis server (Debian's redis-server) on a free loopback port, keeping
    nothing on disk, as `make bench` starts one; stopped when the session ends."""
    from icsportal.management.commands.bench import redis_server as serve

    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (Debian package redis-server)")
    with serve(tmp_path_factory.mktemp("redis")) as (url, process):
        yield RedisServer(f"{url}/0", process)


@pytest.fixture
def wsgi_keeps_the_connection():
    """Called straight through WSGI, Django closes a connection that is in a transaction
    at each request's start and end, and the test's transaction is one: kept open, as
    the test client keeps it."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def recompiled():
    """For a test that changes a constant a compiled query reads (a page size, with
    monkeypatch): every compiled statement is dropped before the test and after it, so
    that neither the test nor those after it run a statement made with another value."""
    Compiled.forget_all()
    yield
    Compiled.forget_all()


@pytest.fixture
def seeds_dir():
    if not SEEDS_DIR.is_dir():
        pytest.skip("the seed documents (../shared/seeds) are not beside this checkout")
    return SEEDS_DIR


def drawn(client, path):
    """The page at `path`, as text, and the number of queries it sent."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


def drawn_as_rows_grow(client, path, rows, add_row, totals=(1, 6)):
    """The page at `path` drawn with each number of rows in `totals` (`rows()` counts
    them, `add_row()` adds one): the last page, and the number of queries of each."""
    client.get(path)  # the session and the Site, read once
    counts = []
    for total in totals:
        while rows() < total:
            add_row()
        page, count = drawn(client, path)
        counts.append(count)
    return page, counts


def make_staff(username, group_name=None, superuser=False):
    user = User.objects.create_user(
        username=username, password="correct horse battery staple", is_staff=True,
        is_superuser=superuser, email=f"{username}@example.org",
    )
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def media(settings, tmp_path):
    """An empty MEDIA_ROOT of the test's own, where uploads are stored and looked for."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def press_user(db):
    return make_staff("pat-press", roles.PRESS_OFFICE)


@pytest.fixture
def editor_user(db):
    return make_staff("erin-editor", roles.EDITORS)


@pytest.fixture
def governance_user(db):
    return make_staff("gail-governance", roles.GOVERNANCE_OFFICERS)


@pytest.fixture
def siteadmin_user(db):
    return make_staff("sam-siteadmin", roles.SITE_ADMINISTRATORS)


@pytest.fixture
def superuser(db):
    return make_staff("root-admin", superuser=True)


@pytest.fixture
def demo(db):
    """The whole demo content, as `make demo` loads it."""
    from django.core.management import call_command

    call_command("load_demo", stdout=open(os.devnull, "w"))


def pytest_report_header(config):
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE']}"
