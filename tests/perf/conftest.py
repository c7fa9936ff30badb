"""Fixtures for performance tests: a synthetic archive and a strict fetch mode."""

import io
from contextlib import contextmanager
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.models import FETCH_RAISE
from django.test import override_settings

from icsportal import bench_urls
from icsportal.settings import cache_config

TIMEOUT = 0.25  # seconds the tests' Redis cache waits for a connection or an answer


@contextmanager
def lazy_fetches_raise():
    """Every QuerySet made inside starts in FETCH_RAISE, so a related object or deferred
    field that the view forgot to select_related/only raises FieldFetchBlocked.

    Django 6.1 sets the mode per QuerySet (QuerySet.fetch_mode()) and offers no
    global or per-request switch; new QuerySets copy the module default, which is what
    this patches for the duration of one test.
    """
    with mock.patch("django.db.models.query.DEFAULT_FETCH_MODE", FETCH_RAISE):
        yield


def bench_pages():
    """[(label, path)] of every page type the bench loads, in the archive built."""
    pages = bench_urls.resolve()
    assert len(pages) > 20  # every page type the bench loads
    return pages


def render_uncached(client, pages):
    """{label: response} of each page rendered afresh (the page cache off); each must
    answer 200."""
    with override_settings(ICSPORTAL_PAGE_CACHE=False):
        responses = {label: client.get(path) for label, path in pages}
    assert {label: r.status_code for label, r in responses.items() if r.status_code != 200} == {}
    return responses


@pytest.fixture
def render_strict(client):
    """Render a page uncached with lazy fetches raising; returns the response."""

    def render(path):
        with override_settings(ICSPORTAL_PAGE_CACHE=False), lazy_fetches_raise():
            return client.get(path)

    return render


@pytest.fixture(scope="module")
def _vacuum_after_corpora(django_db_blocker):
    """After a module that built archives, VACUUM on PostgreSQL.

    Each test's archive is rolled back, but its rows stay in the tables' files as dead
    rows, and the tables keep their size. The next module's plans would be priced on
    tables several archives long holding one: the bulletins feed's test saw a plan that
    reads every article after three earlier archives. VACUUM, which cannot run inside
    the tests' transactions, frees those rows and cuts the empty end of each file."""
    built = []
    yield built
    if built and connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute("VACUUM")


@pytest.fixture
def corpus(db, _vacuum_after_corpora):
    """A synthetic archive at a given scale (generate_corpus, as the benchmark uses)."""

    def build(scale):
        _vacuum_after_corpora.append(scale)
        call_command("generate_corpus", "--scale", str(scale), "--force",
                     stdout=io.StringIO(), stderr=io.StringIO())

    return build


@pytest.fixture
def redis_cache(settings, redis_server):
    """The default cache on the test Redis server, emptied before and after."""
    settings.CACHES = {"default": cache_config(redis_server.url, TIMEOUT)}
    cache.clear()
    yield redis_server
    cache.clear()
