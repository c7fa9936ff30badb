"""The page cache on Redis, as production runs it, and when Redis cannot be reached.

Production sets CACHE_URL so that every gunicorn worker shares one page cache and one
content version. The tests marked `redis` run a real server (the `redis_server`
fixture); the others point the cache at a port where nothing listens. Either way the
cache may slow the site down, but never takes a page, an edit or a question with it.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import transaction

from icsportal import caching
from icsportal.management.commands import bench
from icsportal.redis_cache import RedisCache
from icsportal.settings import cache_config
from people.models import Person
from tests.conftest import store_a_content_version
from tests.governance.factories import upcoming_meeting
from tests.people.factories import PersonFactory
from tests.perf.conftest import TIMEOUT

pytestmark = pytest.mark.django_db



@pytest.fixture
def lose_cache(settings):
    """Call it to put the default cache on Redis at a loopback port where nothing
    listens: after the test's rows are made, so that their saves meet a working cache."""
    def lose():
        settings.CACHES = {
            "default": cache_config(f"redis://127.0.0.1:{bench.free_port()}/0", TIMEOUT)
        }
    return lose


@contextmanager
def hung(server):
    """Redis stopped mid-flight (SIGSTOP): it accepts connections and answers nothing,
    as a server that is swapping or partitioned away does."""
    server.process.send_signal(signal.SIGSTOP)
    try:
        yield
    finally:
        server.process.send_signal(signal.SIGCONT)


def count_calls(monkeypatch):
    """Records each call of the Redis backend from now on, by method name."""
    calls = []

    def counting(name):
        method = getattr(RedisCache, name)

        def counted(self, *args, **kwargs):
            calls.append(name)
            return method(self, *args, **kwargs)
        return counted

    for name in ("get", "get_many", "set", "set_many", "set_each", "add", "incr"):
        monkeypatch.setattr(RedisCache, name, counting(name))
    return calls


def warnings_of(caplog):
    return [r for r in caplog.records if r.name == "icsportal.cache" and r.levelname == "WARNING"]


@pytest.mark.redis
def test_on_redis_a_cached_page_costs_no_query_and_an_edit_shows_at_once(
    client, redis_cache, django_assert_num_queries, committed
):
    person = PersonFactory(given_name="Andy", family_name="Williams")
    assert "Andy Williams" in client.get(person.get_absolute_url()).content.decode()
    with django_assert_num_queries(0):
        response = client.get(person.get_absolute_url())
    assert "Andy Williams" in response.content.decode()

    person.given_name = "Andrew"
    with committed():
        person.save()

    assert "Andrew Williams" in client.get(person.get_absolute_url()).content.decode()


@pytest.mark.redis
def test_on_redis_a_cached_page_is_one_read_of_the_version_and_the_page_together(
    client, redis_cache, monkeypatch
):
    person = PersonFactory()
    first = client.get(person.get_absolute_url())
    calls = count_calls(monkeypatch)
    second = client.get(person.get_absolute_url())
    assert calls == ["get_many"]
    assert second.content == first.content and second["ETag"] == first["ETag"]


@pytest.mark.redis
def test_on_redis_a_page_rendered_afresh_is_claimed_then_stored_with_its_claim(
    client, redis_cache, monkeypatch
):
    person = PersonFactory()
    store_a_content_version()
    calls = count_calls(monkeypatch)
    client.get(person.get_absolute_url())
    assert calls == ["get_many", "add", "set_each"]


@pytest.mark.redis
def test_on_redis_a_kept_page_outlives_its_claim_by_the_grace(client, redis_cache, settings):
    """The claim says KEPT while the page is current; the page is kept the grace longer,
    for a database that cannot answer (docs/reliability.md)."""
    settings.ICSPORTAL_PAGE_CACHE_SECONDS, settings.ICSPORTAL_PAGE_CACHE_GRACE_SECONDS = 600, 3600
    store_a_content_version()
    client.get(PersonFactory().get_absolute_url())
    redis = cache._cache.get_client(None)
    ttls = {key.decode().partition(":claim:")[1] or "page": redis.ttl(key)
            for key in redis.keys("*icsportal:page3:*")}
    assert set(ttls) == {"page", ":claim:"}
    assert 4190 <= ttls["page"] <= 4200
    assert 590 <= ttls[":claim:"] <= 600


@pytest.mark.redis
def test_a_cache_that_fails_while_a_page_is_stored_is_left_alone(
    client, redis_cache, monkeypatch, caplog
):
    """A claim is not given up into a cache that just failed: it runs out by itself,
    and the request does not wait for a second timeout."""
    from redis.exceptions import TimeoutError as RedisTimeout

    person = PersonFactory(given_name="Priya", family_name="Shah")
    store_a_content_version()
    calls = count_calls(monkeypatch)

    def times_out(self, *args, **kwargs):
        calls.append("set_each")
        raise RedisTimeout("Timeout reading from socket")

    monkeypatch.setattr(RedisCache, "set_each", times_out)
    with caplog.at_level("WARNING", logger="icsportal.cache"):
        response = client.get(person.get_absolute_url())
    assert response.status_code == 200
    assert "Priya Shah" in response.content.decode()
    assert calls == ["get_many", "add", "set_each"]
    assert not caching.health.available()
    (warning,) = warnings_of(caplog)
    assert "storing a page" in warning.getMessage()


def test_the_redis_backend_reuses_one_client_per_connection_pool(settings):
    settings.CACHES = {"default": cache_config(f"redis://127.0.0.1:{bench.free_port()}/0", TIMEOUT)}
    backend = cache._cache  # no connection is made until a command is sent
    assert backend.get_client("a") is backend.get_client("b")
    assert backend.get_client("a", write=True) is backend.get_client(None)


def test_with_the_cache_gone_pages_are_served_fresh_and_public(
    client, lose_cache, caplog, monkeypatch
):
    person = PersonFactory(given_name="Priya", family_name="Shah")
    lose_cache()
    calls = count_calls(monkeypatch)
    with caplog.at_level("WARNING", logger="icsportal.cache"):
        first = client.get(person.get_absolute_url())
        tried = len(calls)
        second = client.get(person.get_absolute_url())
    for response in (first, second):
        assert response.status_code == 200
        assert "Priya Shah" in response.content.decode()
        assert response["Cache-Control"] == "public, max-age=60, stale-if-error=86400"
        # No content version, so no validator that a later visit could wrongly match.
        assert "ETag" not in response and "Last-Modified" not in response
    # One line for the outage, not one per request; the second did not try the cache.
    assert len(warnings_of(caplog)) == 1
    assert tried > 0 and len(calls) == tried
    assert not caching.health.available()


def test_with_the_cache_gone_private_pages_stay_private(client, lose_cache, superuser):
    client.force_login(superuser)
    lose_cache()
    response = client.get("/admin/")
    assert response.status_code == 200
    assert response["Cache-Control"] == caching.PRIVATE


def test_with_the_cache_gone_an_edit_is_saved_and_the_change_is_owed(
    lose_cache, caplog, committed
):
    person = PersonFactory(given_name="Andy", family_name="Williams")
    lose_cache()
    with caplog.at_level("ERROR", logger="icsportal.cache"):
        with committed(), transaction.atomic():
            person.given_name = "Andrew"
            person.save()
    assert Person.objects.get(pk=person.pk).given_name == "Andrew"
    assert caching.health.bump_owed
    errors = [r for r in caplog.records if r.levelname == "ERROR"]
    assert len(errors) == 1 and "could not be recorded" in errors[0].getMessage()


def test_with_the_cache_gone_a_public_question_is_received(client, lose_cache):
    meeting = upcoming_meeting()
    lose_cache()
    response = client.post(f"{meeting.get_absolute_url()}questions/new/", {
        "speaker_name": "Ann Other", "contact_email": "ann@example.org",
        "question": "Will the bus serve the hospital?",
    })
    assert response.status_code == 302
    assert meeting.questions.get().question == "Will the bus serve the hospital?"


def test_with_the_cache_gone_an_api_list_still_counts(client, lose_cache, monkeypatch):
    PersonFactory.create_batch(3)
    lose_cache()
    calls = count_calls(monkeypatch)
    for page in ("/api/v1/persons/", "/api/v1/persons/?limit=2"):
        response = client.get(page)
        assert response.status_code == 200
        assert response.json()["count"] == 3
    assert calls == ["get_many"]  # the first request found the outage; the second left it be


@pytest.mark.redis
def test_a_hung_redis_costs_a_timeout_once_and_then_is_left_alone(
    client, redis_cache, caplog, monkeypatch, committed
):
    person = PersonFactory(given_name="Priya", family_name="Shah")
    calls = count_calls(monkeypatch)
    with hung(redis_cache), caplog.at_level("WARNING", logger="icsportal.cache"):
        first = client.get(person.get_absolute_url())
        assert not caching.health.available()
        assert calls == ["get_many"]  # the read timed out; nothing more was tried
        second = client.get(person.get_absolute_url())
        person.given_name = "Priyanka"
        with committed():
            person.save()  # an edit in the outage does not wait for the cache either
        assert calls == ["get_many"] and caching.health.bump_owed
    for response in (first, second):
        assert response.status_code == 200
        assert "Priya Shah" in response.content.decode()
        assert "ETag" not in response
    (warning,) = warnings_of(caplog)
    assert "Timeout" in warning.getMessage()


@pytest.mark.redis
def test_an_edit_made_while_redis_hangs_reaches_the_pages_once_it_answers(
    client, redis_cache, monkeypatch, committed
):
    person = PersonFactory(given_name="Andy", family_name="Williams")
    assert "Andy Williams" in client.get(person.get_absolute_url()).content.decode()

    with hung(redis_cache):
        with committed(), transaction.atomic():
            person.given_name = "Andrew"
            person.save()
    assert caching.health.bump_owed
    # Redis answers again, with the page cached before the edit still in it.
    monkeypatch.setattr(caching.health, "retry_at", 0.0)

    response = client.get(person.get_absolute_url())
    assert "Andrew Williams" in response.content.decode()
    assert not caching.health.bump_owed
    assert "ETag" in response


@pytest.mark.redis
def test_on_redis_the_question_limit_counts_every_question_from_an_address(client, redis_cache):
    meeting = upcoming_meeting()
    data = {"speaker_name": "Ann", "contact_email": "ann@example.org", "question": "Why?"}
    url = f"{meeting.get_absolute_url()}questions/new/"
    for _ in range(5):
        assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 429
    assert meeting.questions.count() == 5


def site_env(database, cache_url=""):
    """The environment of a process serving or editing the site on `database`."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(django_settings.BASE_DIR),
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "icsportal.settings",
        # Debug settings: no collected static files needed; the page cache is the same.
        "DJANGO_DEBUG": "1",
        "DJANGO_LOG_LEVEL": "WARNING",
        # The processes of one site share its content version there (without Redis).
        "ICSPORTAL_STATE_DIR": os.environ["ICSPORTAL_STATE_DIR"],
    }
    if cache_url:
        env["CACHE_URL"] = cache_url
    return env


def in_another_process(database, cache_url, code):
    """Run `code` in a new process of the site; returns what it printed. Its errors are
    left on stderr, where pytest shows them."""
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        env=site_env(database, cache_url), cwd=django_settings.BASE_DIR, check=True,
        timeout=120, stdout=subprocess.PIPE, text=True,
    ).stdout


@pytest.fixture(scope="module")
def site_database(tmp_path_factory):
    """A migrated SQLite database with one person, for servers in other processes."""
    database = tmp_path_factory.mktemp("site") / "db.sqlite3"
    in_another_process(database, "", (
        "from django.core.management import call_command\n"
        "call_command('migrate', verbosity=0)\n"
        "from people.models import Person\n"
        "Person.objects.create(given_name='Andy', family_name='Williams', slug='andy-williams')\n"
    ))
    return database


# Each multi-worker test runs on Redis, and on the default: pages in each worker's
# memory, the version and the counts in the files they all read.
on_both_caches = pytest.mark.parametrize("shared", [
    pytest.param(True, marks=pytest.mark.redis, id="redis"),
    pytest.param(False, id="own-memory"),
])


def site_cache(request, shared):
    """CACHE_URL for the site's processes: the test Redis server's, or none (each
    process's own memory, the content version in a shared file)."""
    return request.getfixturevalue("redis_server").url if shared else ""


@on_both_caches
def test_an_edit_in_another_process_reaches_every_worker(site_database, request, shared):
    cache_url = site_cache(request, shared)
    rename = (
        "from people.models import Person\n"
        "person = Person.objects.get(slug='andy-williams')\n"
        "person.given_name = {!r}\n"
        "person.save()\n"
    )
    in_another_process(site_database, cache_url, rename.format("Andy"))
    with bench.gunicorn(3, True, cache_url=cache_url,
                        environ=site_env(site_database)) as (base, _pid):
        def page():
            with urllib.request.urlopen(f"{base}/people/andy-williams/", timeout=10) as response:
                return response.read().decode(), response.headers["ETag"]

        before = [page() for _ in range(12)]
        assert all("Andy Williams" in html for html, _etag in before)
        # One version, so every worker hands out the same ETag.
        assert len({etag for _html, etag in before}) == 1

        # As an editor's save in the admin, which another worker serves, or a command.
        in_another_process(site_database, cache_url, rename.format("Andrew"))

        after = [page() for _ in range(12)]
        assert all("Andrew Williams" in html for html, _etag in after)


@on_both_caches
def test_a_scheduled_issue_reaches_every_worker_at_its_time(site_database, request, shared):
    cache_url = site_cache(request, shared)
    schedule = (
        "import datetime\n"
        "from django.utils import timezone\n"
        "from bulletins.models import Issue, Publication\n"
        "publication, _ = Publication.objects.get_or_create(name='Staff News', slug='staff-news')\n"
        "Issue.objects.filter(publication=publication).delete()\n"
        "at = timezone.now() + datetime.timedelta(seconds=6)\n"
        "Issue.objects.create(publication=publication, edition=1, status='published',\n"
        "                     issue_date=datetime.date(2026, 12, 1), publish_at=at)\n"
        "print(at.timestamp())\n"
    )
    with bench.gunicorn(3, True, cache_url=cache_url,
                        environ=site_env(site_database)) as (base, _pid):
        def home(etag=None):
            request = urllib.request.Request(f"{base}/", headers={"If-None-Match": etag or ""})
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    return response.status, response.headers["ETag"], response.read().decode()
            except urllib.error.HTTPError as error:
                return error.code, error.headers["ETag"], ""

        # As an editor's "Publish" with a time ahead, served by another worker.
        at = float(in_another_process(site_database, cache_url, schedule))
        before = [home() for _ in range(12)]
        assert time.time() < at, "the scheduling process took too long to test 'before'"
        assert not any("/bulletins/staff-news/1/" in html for _status, _etag, html in before)
        etag = before[-1][1]
        assert home(etag)[0] == 304

        time.sleep(max(0.0, at - time.time()) + 0.2)
        after = [home(etag) for _ in range(12)]
        assert all(status == 200 for status, _etag, _html in after)
        assert all("/bulletins/staff-news/1/" in html for _status, _etag, html in after)
        assert len({etag for _status, etag, _html in after}) == 1


ASK = (
    "from django.test import Client\n"
    "client = Client()\n"
    "data = {{'speaker_name': 'Ann', 'contact_email': 'ann@example.org', 'question': 'Why?'}}\n"
    "print(' '.join(str(client.post({url!r}, data).status_code) for _ in range({times})))\n"
)


@on_both_caches
def test_the_question_limit_counts_an_address_across_workers(site_database, request, shared):
    """Two processes, as two gunicorn workers with memories of their own, receive
    questions from one address: the hour's five are counted together."""
    cache_url = site_cache(request, shared)
    # A board of this run's own: the database is the module's, and each process's
    # factories count their slugs from the start.
    name = f"asked-{request.node.callspec.id}"
    url = in_another_process(site_database, cache_url, (
        "from tests.governance.factories import upcoming_meeting\n"
        f"meeting = upcoming_meeting(board__slug={name!r}, board__name={name!r},\n"
        f"                           board__host__slug={name!r}, board__host__name={name!r})\n"
        "print(meeting.get_absolute_url() + 'questions/new/')\n"
    )).strip()
    first = in_another_process(site_database, cache_url, ASK.format(url=url, times=3))
    second = in_another_process(site_database, cache_url, ASK.format(url=url, times=3))
    assert first.split() == ["302", "302", "302"]
    assert second.split() == ["302", "302", "429"]
    if not shared:
        # Counted under a hash of the address: the database does not hold the address.
        [counted] = [
            row for path in Path(os.environ["ICSPORTAL_STATE_DIR"]).glob("shared-*.sqlite3")
            for row in sqlite3.connect(path).execute("SELECT key, value FROM shared")
            if "governance:questions:" in row[0]
        ]
        assert counted[1] == "6" and "127.0.0.1" not in counted[0]


def test_a_site_caching_in_its_own_memory_never_loads_the_redis_client(site_database):
    # redis-py is 5 MB in every worker; a site without CACHE_URL has no use for it.
    in_another_process(site_database, "", (
        "import sys\n"
        "from django.test import Client\n"
        "from people.models import Person\n"
        "client = Client()\n"
        "assert client.get('/people/andy-williams/').status_code == 200\n"
        "Person.objects.get(slug='andy-williams').save()\n"
        "assert client.get('/people/andy-williams/').status_code == 200\n"
        "from icsportal import caching\n"
        "assert caching.cache_errors() == (OSError,)\n"
        "assert not [name for name in sys.modules if name.split('.')[0] == 'redis']\n"
    ))
