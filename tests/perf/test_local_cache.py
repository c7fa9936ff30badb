"""The default cache: pages in each process's memory, the content version in a file
that the processes serving one database share (icsportal.local_cache)."""

import multiprocessing
import sqlite3
import time

import pytest
from django.core.cache import caches

from icsportal.caching import SHARED, VERSION_KEY, cache_errors
from icsportal.local_cache import LocalCache


@pytest.fixture
def state_dir(settings, tmp_path):
    settings.ICSPORTAL_STATE_DIR = tmp_path
    return tmp_path


def two_processes():
    """Two caches as two workers have them: separate memories, one machine."""
    return LocalCache("worker-a", {}), LocalCache("worker-b", {})


def test_the_site_caches_in_local_memory_with_a_shared_version_by_default():
    assert isinstance(caches["default"], LocalCache)


def test_workers_share_the_version_and_keep_their_own_pages(state_dir):
    a, b = two_processes()
    a.set(VERSION_KEY, ("v1", 1.5, None), timeout=None)
    a.set("page", "rendered by a")
    assert b.get(VERSION_KEY) == ("v1", 1.5, None)
    assert b.get_many([VERSION_KEY, "page"]) == {VERSION_KEY: ("v1", 1.5, None)}
    assert a.get_many(["page", VERSION_KEY]) == {"page": "rendered by a",
                                                 VERSION_KEY: ("v1", 1.5, None)}

    b.set(VERSION_KEY, ("v2", 2.5, 9.25), timeout=None)
    assert a.get(VERSION_KEY) == ("v2", 2.5, 9.25)
    assert [path.name for path in state_dir.glob("*.json")] == [a.version_file().name]


def test_a_version_is_added_once_and_replaced_only_by_who_read_it(state_dir):
    a, b = two_processes()
    assert a.add(VERSION_KEY, ("v1", 1.0, None))
    assert not b.add(VERSION_KEY, ("v2", 2.0, None))
    assert b.get(VERSION_KEY) == ("v1", 1.0, None)

    assert a.set_if_unchanged(VERSION_KEY, ("v1", 1.0, None), ("v3", 3.0, None))
    assert not b.set_if_unchanged(VERSION_KEY, ("v1", 1.0, None), ("v4", 4.0, None))
    assert b.get(VERSION_KEY) == ("v3", 3.0, None)


def test_clearing_a_cache_forgets_the_version_too(state_dir):
    a, b = two_processes()
    a.set(VERSION_KEY, ("v1", 1.0, None))
    assert b.has_key(VERSION_KEY)
    a.clear()
    assert b.get(VERSION_KEY) is None and not b.has_key(VERSION_KEY)
    assert not a.delete(VERSION_KEY)


def test_what_is_not_a_version_reads_as_none_and_is_replaced(state_dir):
    a, _b = two_processes()
    a.set(VERSION_KEY, ("v1", 1.0, None))
    a.version_file().write_text("{not json")
    assert a.get(VERSION_KEY) is None
    assert a.add(VERSION_KEY, ("v2", 2.0, None))
    assert a.get(VERSION_KEY) == ("v2", 2.0, None)


def test_each_database_has_a_version_of_its_own(state_dir, settings, monkeypatch):
    a, _b = two_processes()
    a.set(VERSION_KEY, ("scale-1", 1.0, None))
    # As the bench's second server, on the other archive (no query is made here).
    monkeypatch.setitem(settings.DATABASES["default"], "NAME", "another")
    assert a.get(VERSION_KEY) is None
    a.set(VERSION_KEY, ("scale-50", 1.0, None))
    assert len(list(state_dir.glob("*.json"))) == 2


def in_four_processes(target, times):
    """Run target(times) in four processes at once, as four workers; each must succeed."""
    fork = multiprocessing.get_context("fork")
    workers = [fork.Process(target=target, args=(times,)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0


def _count(times):
    cache = LocalCache("counter", {})
    done = 0
    while done < times:
        current = cache.get(VERSION_KEY)
        token, count, end = current
        if cache.set_if_unchanged(VERSION_KEY, current, (token, count + 1, end)):
            done += 1


def test_writers_in_several_processes_lose_no_update(state_dir):
    """Compare-and-set from four processes at once: every increment lands, which needs
    the read and the write of each to be one step (the lock)."""
    LocalCache("counter", {}).set(VERSION_KEY, ("n", 0, None))
    in_four_processes(_count, 200)
    assert LocalCache("counter", {}).get(VERSION_KEY) == ("n", 800, None)


def test_shared_keys_are_one_value_for_every_process_and_others_stay_each_its_own(state_dir):
    a, b = two_processes()
    assert a.add(f"{SHARED}asked", 0, 3600)
    assert not b.add(f"{SHARED}asked", 0, 3600)
    assert b.incr(f"{SHARED}asked") == 1
    assert a.incr(f"{SHARED}asked", 2) == 3
    assert b.decr(f"{SHARED}asked") == 2
    assert a.get(f"{SHARED}asked") == 2 and b.has_key(f"{SHARED}asked")
    a.set("asked", "a's own")
    assert b.get("asked") is None

    with pytest.raises(ValueError):
        b.incr(f"{SHARED}never-added")
    assert a.delete(f"{SHARED}asked") and not b.delete(f"{SHARED}asked")
    assert b.get(f"{SHARED}asked", "gone") == "gone"


def test_shared_keys_expire_and_leave_the_database(state_dir, monkeypatch):
    a, b = two_processes()
    a.add(f"{SHARED}asked", 4, 3600)
    a.set(f"{SHARED}kept", "for good", timeout=None)
    b.incr(f"{SHARED}asked")
    an_hour_on = time.time() + 3601
    monkeypatch.setattr(time, "time", lambda: an_hour_on)
    assert b.get(f"{SHARED}asked") is None and not a.has_key(f"{SHARED}asked")
    assert not b.delete(f"{SHARED}asked") and not b.touch(f"{SHARED}asked")
    assert b.add(f"{SHARED}asked", 0, 60)  # the hour starts again
    assert b.get(f"{SHARED}kept") == "for good"
    assert b.touch(f"{SHARED}kept", 5) and not b.touch(f"{SHARED}nothing", 5)
    with sqlite3.connect(a.shared_file()) as database:
        rows = set(database.execute("SELECT key, value, expires FROM shared"))
    assert rows == {(":1:shared:asked", "0", an_hour_on + 60),
                    (":1:shared:kept", '"for good"', an_hour_on + 5)}


def test_clearing_a_cache_forgets_the_shared_keys(state_dir):
    a, b = two_processes()
    a.add(f"{SHARED}asked", 1, 60)
    b.clear()
    assert a.get(f"{SHARED}asked") is None and not a.has_key(f"{SHARED}asked")


def test_shared_keys_that_cannot_be_stored_fail_as_an_unreachable_cache(state_dir, settings):
    """As Redis down does: the question form then takes the question uncounted."""
    a, _b = two_processes()
    a.shared_file().parent.mkdir(parents=True, exist_ok=True)
    a.shared_file().write_bytes(b"not a database, nor anything SQLite wrote")
    with pytest.raises(cache_errors()):
        a.add(f"{SHARED}asked", 1, 60)
    settings.ICSPORTAL_STATE_DIR = state_dir / "a file, not a directory" / "state"
    (state_dir / "a file, not a directory").write_text("")
    with pytest.raises(cache_errors()):
        a.get(f"{SHARED}asked")


def _ask(times):
    cache = LocalCache("asker", {})
    for _ in range(times):
        cache.add(f"{SHARED}asked", 0, 3600)
        cache.incr(f"{SHARED}asked")


def test_counts_from_several_processes_lose_no_increment(state_dir):
    in_four_processes(_ask, 100)
    assert LocalCache("asker", {}).get(f"{SHARED}asked") == 400


def _bounded(name, max_bytes, **options):
    cache = LocalCache(name, {"OPTIONS": {"MAX_BYTES": max_bytes, **options}})
    cache.clear()
    return cache


PAGE = b"<p>" + b"x" * 2990 + b"</p>"  # a page of about 3 kB, stored pickled


def test_pages_in_memory_are_bounded_by_their_bytes_and_the_least_read_go_first(state_dir):
    cache = _bounded("bounded", max_bytes=10_000)
    for n in range(3):
        cache.set(f"page-{n}", PAGE)
    assert cache.get("page-0") == PAGE  # read again: now the most recently read

    cache.set("page-3", PAGE)  # a fourth would pass 10,000 bytes

    assert cache.get("page-1") is None  # the least recently read went
    assert [cache.get(f"page-{n}") for n in (0, 2, 3)] == [PAGE] * 3
    assert cache._bytes.total <= 10_000


def test_a_stream_of_new_addresses_keeps_within_the_bound(state_dir):
    cache = _bounded("flooded", max_bytes=100_000)
    cache.set("popular", PAGE)
    for n in range(1_000):
        cache.set(f"made-up-{n}", PAGE)
        if n % 10 == 0:
            assert cache.get("popular") == PAGE  # readers keep asking for it
    assert cache._bytes.total <= 100_000
    assert len(cache._cache) < 40
    assert cache.get("popular") == PAGE


def test_the_count_of_bytes_follows_every_way_an_entry_goes(state_dir):
    cache = _bounded("counted", max_bytes=1_000_000, MAX_ENTRIES=30, CULL_FREQUENCY=3)
    for n in range(100):  # past MAX_ENTRIES: culled a third at a time
        cache.set(f"page-{n}", PAGE)
    cache.set("page-99", PAGE + b"more")  # replaced
    cache.delete("page-98")
    cache.set("brief", PAGE, timeout=0.01)
    time.sleep(0.02)
    assert cache.get("brief") is None  # expired, so removed as it is read
    stored = sum(len(key) + len(value) for key, value in cache._cache.items())
    assert cache._bytes.total == stored
    assert set(cache._bytes.of) == set(cache._cache)

    cache.clear()
    assert cache._bytes.total == 0 and cache._bytes.of == {}


def test_a_page_larger_than_the_bound_is_still_kept_alone(state_dir):
    cache = _bounded("tight", max_bytes=1_000)
    cache.set("small", b"x")
    cache.set("large", PAGE)
    assert cache.get("large") == PAGE
    assert cache.get("small") is None


def test_the_site_bounds_each_process_s_pages_to_16_megabytes_by_default():
    assert caches["default"]._max_bytes == 16 * 1024 * 1024
