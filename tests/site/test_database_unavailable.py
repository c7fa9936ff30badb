"""A page the database cannot render, because it is down, restarting or held by a lock
past the web's timeout: the copy the page cache kept earlier, or 503
saying when to try again, never a hung worker (icsportal.caching, `process_exception`;
icsportal.wsgi, `limit_database_waits`)."""

import datetime
import gzip
import time
from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, ProgrammingError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from icsportal import caching
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

GZIP = {"accept-encoding": "gzip, deflate, br, zstd"}


# As psycopg2 words it: why, then the statement.
LOCK_TIMEOUT = OperationalError("canceling statement due to lock timeout\n"
                                "LINE 1: SELECT ... 'a reader''s words'")


@contextmanager
def database_fails(error=LOCK_TIMEOUT):
    """Every statement of the block raises `error`, as a database that cannot answer."""
    def fail(execute, sql, params, many, context):
        raise error

    with connection.execute_wrapper(fail):
        yield


@pytest.fixture
def renamed(client, committed):
    """(the person page's address, its response before the rename): kept by the page
    cache, then out of date, as after an edit."""
    person = PersonFactory(given_name="Andy", family_name="Williams")
    url = person.get_absolute_url()
    before = client.get(url)
    assert "Andy Williams" in before.content.decode()
    person.given_name = "Andrew"
    with committed():
        person.save()
    return url, before


def test_a_page_the_database_cannot_render_is_sent_as_kept_before_the_last_change(
    client, renamed, caplog, monkeypatch
):
    url, before = renamed
    with database_fails(), caplog.at_level("ERROR", logger="icsportal.database"):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content == before.content
    assert response["ETag"] == before["ETag"]  # the validators of the copy's own version
    assert response["Cache-Control"] == "public, max-age=60, stale-if-error=86400"
    [logged] = [r.getMessage() for r in caplog.records if r.name == "icsportal.database"]
    # The error's first line, not the statement, which may hold a reader's search words.
    assert logged == (f"database unavailable for {url} (OperationalError: canceling "
                      "statement due to lock timeout); sent the page as kept earlier")

    # The copy was not kept as the current page: once the database is asked again
    # (DATABASE_RETRY_SECONDS, below) and answers, the page shows the edit.
    monkeypatch.setattr(caching.database_health, "retry_at", time.monotonic())
    assert "Andrew Williams" in client.get(url).content.decode()


def test_the_kept_copy_goes_in_gzip_to_a_reader_who_accepts_it(client, renamed):
    url, before = renamed
    with database_fails():
        response = client.get(url, headers=GZIP)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content) == before.content


def test_a_connection_lost_is_served_the_kept_copy_too(client, renamed):
    url, before = renamed
    with database_fails(InterfaceError("connection already closed")):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content == before.content


def test_without_a_kept_copy_the_reader_is_told_to_come_back(client, caplog):
    url = PersonFactory().get_absolute_url()
    with database_fails(), caplog.at_level("ERROR", logger="icsportal.database"):
        response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert "ETag" not in response
    assert "Sorry, there is a problem with the service" in response.content.decode()
    assert [r.getMessage() for r in caplog.records if r.name == "icsportal.database"] == [
        f"database unavailable for {url} (OperationalError: canceling statement due to "
        "lock timeout)"
    ]
    # Nothing was kept: the page is rendered once the database answers.
    assert client.get(url).status_code == 200


def test_the_api_says_so_in_json(client):
    with database_fails():
        response = client.get("/api/v1/persons/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json() == {"detail": "Service Unavailable"}


def test_with_the_page_cache_off_the_reader_is_told_to_come_back(client, renamed, settings):
    settings.ICSPORTAL_PAGE_CACHE = False
    url, _before = renamed
    with database_fails():
        assert client.get(url).status_code == 503


def test_a_signed_in_reader_is_never_sent_the_public_copy(client, renamed, superuser):
    url, _before = renamed
    client.force_login(superuser)
    with database_fails():
        response = client.get(url)
    assert response.status_code == 503
    assert response["Cache-Control"] == "private, no-store"


def test_a_fault_of_the_site_s_own_stays_a_500(client, renamed):
    """Only a database that cannot answer is covered for: a statement the database
    refuses is a fault to see and fix."""
    url, _before = renamed
    with database_fails(ProgrammingError('column "slug" does not exist')):
        with pytest.raises(ProgrammingError):
            client.get(url)


def test_a_copy_is_sent_only_for_its_own_page(client, renamed):
    other = PersonFactory(given_name="Priya", family_name="Shah").get_absolute_url()
    with database_fails():
        assert client.get(other).status_code == 503


def test_after_a_failure_a_copy_is_sent_without_asking_the_database_for_a_while(
    client, renamed, django_assert_num_queries, monkeypatch
):
    """A locked table would otherwise hold a worker for the lock timeout on each of its
    pages while the lock lasts, and every other page's readers would queue behind."""
    url, before = renamed
    with database_fails():
        client.get(url)
    with django_assert_num_queries(0):
        assert client.get(url).content == before.content
    # A page with no copy still asks, as the database may well answer it.
    assert client.get(PersonFactory().get_absolute_url()).status_code == 200
    # After DATABASE_RETRY_SECONDS the page is rendered again.
    monkeypatch.setattr(caching.database_health, "retry_at", time.monotonic())
    assert "Andrew Williams" in client.get(url).content.decode()


def test_a_reader_with_the_current_page_is_told_so_and_not_sent_the_copy(
    client, renamed
):
    """A 304 needs no database: a reader whose copy is of the current version, from
    another worker or a CDN, keeps it rather than being sent the older one."""
    url, _before = renamed
    with database_fails():
        client.get(url)
    etag, _last_modified = caching._validators(caching.content_version(),
                                               timezone.localdate())
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304


@pytest.fixture
def static_page(client, committed):
    """(the address of a static page an editor added, its response before an edit):
    kept by the page cache, then out of date. Only the four static pages the site
    names (`/about/` and the rest) have routes of their own; any other is found by a
    middleware, after every route has failed."""
    from django.contrib.flatpages.models import FlatPage
    from django.contrib.sites.models import Site

    page = FlatPage.objects.create(url="/working-with-us/", title="Working with us",
                                   content="<p>Old words</p>")
    page.sites.add(Site.objects.get_current())
    before = client.get(page.url)
    assert "Old words" in before.content.decode()
    page.content = "<p>New words</p>"
    with committed():
        page.save()
    return page.url, before


def test_a_static_page_found_after_every_route_is_sent_as_kept_too(client, static_page):
    """The middleware's errors are not a view's, which the page cache handles; Django's
    answers one with the "not found" page: the page gone, to readers and crawlers,
    while the database restarts."""
    url, before = static_page
    with database_fails():
        response = client.get(url)
    assert response.status_code == 200
    assert response.content == before.content
    assert response["ETag"] == before["ETag"]


@pytest.mark.parametrize("path", ["/no-such-page/", "/about/"])
def test_an_address_the_database_cannot_look_up_is_503_not_404(client, path):
    """Without a copy, whether a static page is there is unknown: not "not found"."""
    with database_fails(InterfaceError("connection already closed")):
        response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"


def test_an_address_with_no_static_page_is_still_not_found(client):
    assert client.get("/no-such-page/").status_code == 404


def test_a_cache_with_no_content_version_yet_is_503_not_500(client):
    """A new or emptied cache (a Redis restarted with the database) has no content
    version, and making one asks the database for the next scheduled change."""
    cache.clear()
    with database_fails():
        response = client.get("/people/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert client.get("/people/").status_code == 200


@pytest.mark.parametrize("path", ["/decisions/decisions.csv", "/api/v1/popolo.json"])
def test_a_download_the_database_cannot_start_is_503_not_a_200_cut_short(client, path):
    """The downloads are streamed as they are read, so their first rows are read before
    the response is returned: a stream's body is sent after its headers, too late for
    any status but the 200 already sent."""
    assert client.get(path).status_code == 200
    with database_fails():
        response = client.get(path)
    assert response.status_code == 503
    assert not response.streaming


def test_a_change_owed_since_the_cache_failed_waits_for_the_database_too(client, renamed):
    """The cache failed during an edit, so the change is owed (icsportal.caching,
    `CacheHealth`); the cache is back, but a new version reads the schedule."""
    url, before = renamed
    caching.health.bump_owed = True
    with database_fails():
        response = client.get(url)
    assert response.status_code == 200
    assert response.content == before.content
    assert caching.health.bump_owed
    caching.database_health.retry_at = time.monotonic()
    assert "Andrew Williams" in client.get(url).content.decode()
    assert not caching.health.bump_owed


def later(monkeypatch, seconds):
    """The clock `seconds` on: caches' expiry and the page cache's own times."""
    now = time.time
    monkeypatch.setattr(time, "time", lambda: now() + seconds)


@pytest.fixture
def kept(client):
    """(a person page's address, its response): kept by the page cache."""
    url = PersonFactory(given_name="Andy", family_name="Williams").get_absolute_url()
    return url, client.get(url)


def test_a_page_past_its_time_is_rendered_again_and_its_copy_kept_for_an_outage(
    client, kept, monkeypatch, settings
):
    """A page is current for ICSPORTAL_PAGE_CACHE_SECONDS, and kept for
    ICSPORTAL_PAGE_CACHE_GRACE_SECONDS more for a database that cannot answer: the pages
    read in the last day, not the last ten minutes."""
    url, before = kept
    later(monkeypatch, settings.ICSPORTAL_PAGE_CACHE_SECONDS + 1)
    with CaptureQueriesContext(connection) as rendered:
        assert client.get(url).content == before.content
    assert len(rendered) > 0  # past its time: not sent as current
    later(monkeypatch, settings.ICSPORTAL_PAGE_CACHE_SECONDS + 3600)
    with database_fails():
        response = client.get(url)
    assert response.status_code == 200
    assert response.content == before.content


def test_past_the_grace_there_is_no_copy(client, kept, monkeypatch, settings):
    url, _before = kept
    later(monkeypatch, settings.ICSPORTAL_PAGE_CACHE_SECONDS
          + settings.ICSPORTAL_PAGE_CACHE_GRACE_SECONDS + 1)
    with database_fails():
        assert client.get(url).status_code == 503


def test_with_no_grace_a_page_is_kept_only_while_current(client, settings, monkeypatch):
    settings.ICSPORTAL_PAGE_CACHE_GRACE_SECONDS = 0
    url = PersonFactory().get_absolute_url()
    client.get(url)
    later(monkeypatch, settings.ICSPORTAL_PAGE_CACHE_SECONDS + 1)
    with database_fails():
        assert client.get(url).status_code == 503


def test_yesterday_s_page_is_sent_while_the_database_cannot_render_today_s(
    client, kept, monkeypatch
):
    """Pages are rendered afresh each day ("current roles", the meetings to come), and
    yesterday's is still there for an outage just after midnight."""
    url, before = kept
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(caching.timezone, "localdate", lambda *args, **kwargs: tomorrow)
    with database_fails():
        response = client.get(url)
    assert response.status_code == 200
    assert response.content == before.content
    assert response["ETag"] == before["ETag"]
    caching.database_health.retry_at = time.monotonic()
    with CaptureQueriesContext(connection) as rendered:
        today_s = client.get(url)
    assert len(rendered) > 0
    assert today_s["ETag"] != before["ETag"]
