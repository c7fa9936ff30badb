"""One render per page and version: readers who miss the same page at once wait for the
copy the first of them renders (`icsportal.caching._claim_or_wait`).

The middleware is called here around a stand-in view that counts its renders, in
threads, on the local-memory cache (the threads of one process) and on a real Redis
server (what the workers of a site share).
"""

import threading
import time
from unittest import mock

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from icsportal import caching
from tests.conftest import store_a_content_version

READERS = 6
PAGE = "/meetings/board-1/2026-06-10/"


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def shared_cache(request, monkeypatch):
    """The cache the middleware reads, each kind, holding a content version; claims
    last long enough that a slow machine's pauses never end one."""
    monkeypatch.setattr(caching, "CLAIM_SECONDS", 10)
    if request.param == "redis":
        request.getfixturevalue("redis_cache")
    store_a_content_version()
    return request.param


class View:
    """A page that takes `seconds` to render and counts how often it was."""

    def __init__(self, seconds=0.0, status=200, fail=False):
        self.seconds, self.status, self.fail = seconds, status, fail
        self.renders = 0
        self.lock = threading.Lock()

    def __call__(self, request):
        with self.lock:
            self.renders += 1
            fail = self.fail
        if self.seconds:
            time.sleep(self.seconds)
        if fail:
            raise RuntimeError("the view failed")
        return HttpResponse(b"page", status=self.status)


def page(token, content, headers, coded):
    """A page as the page cache stores it: rendered under version `token` today, and
    current for the next ten minutes."""
    return (token, timezone.localdate().toordinal(), time.time() + 600, content, headers,
            coded)


def get(middleware, method="get"):
    return middleware(getattr(RequestFactory(), method)(PAGE))


def keys():
    """(the page's key, its claim's key) under the current content version."""
    key = caching._page_key(RequestFactory().get(PAGE))
    return key, caching._claim_key(key, cache.get(caching.VERSION_KEY)[0])


def at_once(middleware, readers=READERS):
    """Responses to `readers` requests for one page sent together."""
    start = threading.Barrier(readers)
    responses = [None] * readers

    def read(i):
        start.wait()
        responses[i] = get(middleware)

    threads = [threading.Thread(target=read, args=(i,)) for i in range(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    return responses


def test_readers_who_miss_a_page_at_once_get_one_render(shared_cache):
    view = View(seconds=0.3)
    responses = at_once(caching.PageCacheMiddleware(view))
    assert view.renders == 1
    assert [(r.status_code, r.content) for r in responses] == [(200, b"page")] * READERS
    assert len({r["ETag"] for r in responses}) == 1
    assert cache.get(keys()[1]) == caching.KEPT  # written with the page


def test_a_page_that_cannot_be_kept_is_rendered_by_each_reader(shared_cache):
    view = View(seconds=0.1, status=404)
    middleware = caching.PageCacheMiddleware(view)
    responses = at_once(middleware)
    assert view.renders == READERS
    assert {r.status_code for r in responses} == {404}
    # Readers who come while the claim would have stood render it without waiting.
    assert cache.get(keys()[1]) == caching.UNKEPT
    view.seconds = 0  # so that any sleep is the middleware's
    with mock.patch.object(caching.time, "sleep") as sleep:
        assert get(middleware).status_code == 404
    sleep.assert_not_called()
    assert view.renders == READERS + 1


def test_a_reader_serves_the_page_another_process_is_rendering(shared_cache):
    key, claim = keys()
    assert cache.add(claim, caching.RENDERING, caching.CLAIM_SECONDS)

    def other_process_stores_it():
        time.sleep(0.2)
        cache.set(key, page("test", b"theirs", [("Content-Type", "text/html")], None))
        cache.delete(claim)

    threading.Thread(target=other_process_stores_it).start()
    view = View()
    response = get(caching.PageCacheMiddleware(view))
    assert response.content == b"theirs"
    assert view.renders == 0


def test_a_reader_renders_the_page_when_its_renderer_gives_up(shared_cache):
    _key, claim = keys()
    assert cache.add(claim, caching.RENDERING, caching.CLAIM_SECONDS)

    def other_process_fails():
        time.sleep(0.2)
        cache.delete(claim)

    threading.Thread(target=other_process_fails).start()
    view = View()
    middleware = caching.PageCacheMiddleware(view)
    assert get(middleware).content == b"page"
    assert view.renders == 1
    # It claimed the page and stored it: the next reader is served.
    assert get(middleware).content == b"page"
    assert view.renders == 1
    assert cache.get(claim) == caching.KEPT


def test_nobody_waits_longer_than_a_claim_lasts(shared_cache, monkeypatch):
    monkeypatch.setattr(caching, "CLAIM_SECONDS", 0.3)
    _key, claim = keys()
    cache.set(claim, caching.RENDERING, timeout=None)  # a renderer that never finishes
    view = View()
    started = time.monotonic()
    assert get(caching.PageCacheMiddleware(view)).content == b"page"
    assert time.monotonic() - started >= 0.3
    assert view.renders == 1


def test_a_failed_render_sends_its_readers_to_render_it_themselves(shared_cache):
    view = View(seconds=0.2, fail=True)
    middleware = caching.PageCacheMiddleware(view)
    failed = []

    def first_reader():
        try:
            get(middleware)
        except RuntimeError:
            failed.append(True)

    thread = threading.Thread(target=first_reader)
    thread.start()
    time.sleep(0.05)
    view.fail = False  # the reader who waited renders it, and keeps it
    assert get(middleware).content == b"page"
    thread.join()
    assert failed == [True]
    assert view.renders == 2


def test_a_head_request_waits_for_the_page_but_never_claims_it(shared_cache):
    key, claim = keys()
    view = View()
    middleware = caching.PageCacheMiddleware(view)
    assert get(middleware, method="head").status_code == 200
    assert view.renders == 1
    assert cache.get(key) is None and cache.get(claim) is None

    assert cache.add(claim, caching.RENDERING, caching.CLAIM_SECONDS)
    threading.Timer(0.2, cache.set, (key, page("test", b"theirs", [], None))).start()
    assert get(middleware, method="head").content == b"theirs"
    assert view.renders == 1


def test_a_kept_page_that_was_evicted_is_rendered_and_kept_again(shared_cache):
    """A page evicted from the cache while its claim still says KEPT: the next reader
    renders it at once, rather than wait for a render nobody is doing, and stores it."""
    key, claim = keys()
    cache.set(claim, caching.KEPT, timeout=None)
    view = View()
    middleware = caching.PageCacheMiddleware(view)
    with mock.patch.object(caching.time, "sleep") as sleep:
        assert get(middleware).content == b"page"
    sleep.assert_not_called()
    assert view.renders == 1
    assert cache.get(key)[3] == b"page" and cache.get(claim) == caching.KEPT
    assert get(middleware).content == b"page"
    assert view.renders == 1


def test_a_kept_page_overwritten_by_an_older_version_s_is_stored_again(shared_cache):
    """A reader of an older version stored its page over the current one: the next
    reader of the current version claims the page again and stores it."""
    key, claim = keys()
    cache.set(claim, caching.KEPT, timeout=None)
    cache.set(key, page("older", b"before the edit", [], None))
    view = View()
    middleware = caching.PageCacheMiddleware(view)
    assert get(middleware).content == b"page"
    assert view.renders == 1
    assert cache.get(key)[0] == "test" and cache.get(claim) == caching.KEPT
    assert get(middleware).content == b"page"
    assert view.renders == 1


def test_a_reader_of_an_older_version_never_overwrites_the_current_page(shared_cache):
    """Its version was replaced while it looked for its page, whose claim says KEPT:
    it renders the page for itself, claims nothing and keeps nothing. Readers of two
    versions would otherwise store their pages over each other's in turn, as a
    `make bench-edits` load of five saves a second did (15 pages rendered for 8 saves)."""
    key, current_claim = keys()
    current_page = page("test", b"current page", [], None)
    cache.set(key, current_page)
    cache.set(current_claim, caching.KEPT, timeout=None)
    old_claim = caching._claim_key(key, "older")
    cache.set(old_claim, caching.KEPT, timeout=None)
    today = timezone.localdate()
    assert caching._claim_or_wait(key, "older", today, may_claim=True) == (None, None)
    assert cache.get(old_claim) == caching.KEPT
    assert cache.get(key) == current_page


def test_a_page_of_an_older_version_is_not_waited_for(shared_cache):
    """A claim is of one version: an edit made while a page renders leaves its readers
    waiting for the page of the version they read, not an older one."""
    key, claim = keys()
    cache.set(key, page("older", b"before the edit", [], None))
    assert cache.add(claim, caching.RENDERING, caching.CLAIM_SECONDS)
    threading.Timer(0.2, cache.set, (key, page("test", b"after the edit", [], None))).start()
    view = View()
    assert get(caching.PageCacheMiddleware(view)).content == b"after the edit"
    assert view.renders == 0
