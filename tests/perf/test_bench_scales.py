"""How `make bench` keeps each corpus scale in a database of its own and compares them."""

from collections import Counter
from contextlib import contextmanager
from io import StringIO
from itertools import cycle
from pathlib import Path

import dj_database_url
import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.urls import reverse

from icsportal.management.commands import bench
from icsportal.management.commands.bench import (
    Stage,
    cpu_ms,
    create_database,
    database_url,
    drop_database,
    in_turn,
    render_growth,
    render_redis,
    render_scale,
    scale_database,
    use_database,
    wsgi_get,
)


def stage(scale, rps, cpu, ceiling_rps=None):
    """A Stage measured as {label: (req/s, CPU ms)} would be, each page beside a ceiling
    of `ceiling_rps[label]` (by default, the stage's ceiling's own rate)."""
    ceiling_rps = ceiling_rps or {}
    return Stage(
        scale, f"db_{scale:g}",
        pages={(label, f"/{label}/"): {"cpu_ms": cpu[label]} for label in cpu},
        runs={"uncached": {
            label: {"rps": value, "ceiling_rps": ceiling_rps.get(label, rps.get("ceiling"))}
            for label, value in rps.items()
        }},
    )


def test_the_growth_table_sets_each_page_at_the_first_scale_beside_the_last():
    first = stage(1, {"ceiling": 1000, "search": 200, "gone": 50},
                  {"ceiling": 0.3, "search": 4.0, "gone": 9.0})
    last = stage(50, {"ceiling": 1100, "search": 150}, {"ceiling": 0.25, "search": 6.5},
                 ceiling_rps={"search": 900})
    table = render_growth(first, last)
    assert "### From scale 1 to 50" in table
    assert "| ceiling | 1,000 | 1,100 | +10% | 100.0% | 100.0% | +0% | 0.30 | 0.25 |" in table
    # 200 of 1,000 is 20%; 150 of the 900 loaded beside it at 50 is 16.7%: -17%, where
    # the requests per second alone lost 25%.
    assert "| search | 200 | 150 | -25% | 20.0% | 16.7% | -17% | 4.00 | 6.50 |" in table
    # A page the last scale's corpus could not fill has no row.
    assert "| gone |" not in table


def test_each_page_is_taken_at_every_scale_in_turn_the_order_swapping():
    small = stage(1, {}, {"ceiling": 0, "home": 0, "person": 0})
    large = stage(50, {}, {"ceiling": 0, "home": 0, "board": 0, "person": 0})
    order = [(label, s.scale, path) for label, s, path in in_turn([small, large])]
    assert order == [
        ("ceiling", 1, "/ceiling/"), ("ceiling", 50, "/ceiling/"),
        ("home", 50, "/home/"), ("home", 1, "/home/"),
        ("person", 1, "/person/"), ("person", 50, "/person/"),
        ("board", 50, "/board/"),  # only the larger corpus could fill it
    ]


def test_every_page_is_loaded_in_turn_at_each_scale_beside_its_servers_ceiling(monkeypatch):
    """A page and the ceiling are loaded in one-second slices on each scale's server,
    the sequence reversed every other second, each slice followed by one request that
    waits for the server to be idle; a page's share is of its own server's ceiling."""
    small = stage(1, {}, {"ceiling": 0, "home": 0})
    large = stage(50, {}, {"ceiling": 0, "home": 0})
    slices, waits = [], []
    rates = {("http://db_1", "/home/"): 100, ("http://db_1", "/ceiling/"): 1000,
             ("http://db_50", "/home/"): 80, ("http://db_50", "/ceiling/"): 900}

    @contextmanager
    def fake_gunicorn(workers, page_cache, database=None, cache_url=None):
        yield f"http://{database}", 0

    # The first of each load's three slices is twice as fast: a rate is of all of them.
    speeds = {key: cycle((2, 1, 1)) for key in rates}

    def fake_generate(url, seconds, connections):
        base, path = url.rsplit("/", 2)[0], "/" + url.rsplit("/", 2)[1] + "/"
        slices.append((base, path, seconds))
        rate = rates[(base, path)] * (next(speeds[(base, path)]) if seconds == 1 else 1)
        return bench.Sample(requests=rate * seconds, seconds=seconds,
                            latency=Counter({1000 * len(slices): rate}))

    def fake_warm(url, requests=20):
        waits.append((url, requests))

    monkeypatch.setattr(bench, "gunicorn", fake_gunicorn)
    monkeypatch.setattr(bench, "generate", fake_generate)
    monkeypatch.setattr(bench, "warm", fake_warm)
    monkeypatch.setattr(bench, "worker_rss_mb", lambda pid: [90])
    bench.Command(stderr=StringIO()).load([small, large], 3, 16, 5)

    timed = [(base, path) for base, path, seconds in slices if seconds == 1]
    settle = [(base, path) for base, path, seconds in slices if seconds != 1]
    assert settle == [("http://db_1", "/ceiling/"), ("http://db_50", "/ceiling/")] * 2
    ceiling = [("http://db_1", "/ceiling/"), ("http://db_50", "/ceiling/")]
    # The home page comes second, so its larger scale goes first (`in_turn()`).
    home = [("http://db_50", "/ceiling/"), ("http://db_50", "/home/"),
            ("http://db_1", "/ceiling/"), ("http://db_1", "/home/")]
    one_mode = ceiling + ceiling[::-1] + ceiling + home + home[::-1] + home
    assert timed == one_mode * 2
    # After every timed slice, one request to the ceiling of the server just loaded.
    drains = [(url, requests) for url, requests in waits if requests == 1]
    assert drains == [(base + "/ceiling/", 1) for base, _path in one_mode * 2]
    for mode in ("uncached", "cached"):
        # Three slices: the first at twice the rate. (200 + 100 + 100) / 3 s.
        assert small.runs[mode]["home"]["rps"] == pytest.approx(400 / 3)
        assert small.runs[mode]["home"]["ceiling_rps"] == pytest.approx(4000 / 3)
        assert small.runs[mode]["home"]["ceiling_slices"] == [2000, 1000, 1000]
        assert large.runs[mode]["home"]["rps"] == pytest.approx(320 / 3)
        assert large.runs[mode]["home"]["ceiling_rps"] == pytest.approx(3600 / 3)
        assert small.runs[mode]["ceiling"]["ceiling_rps"] == small.runs[mode]["ceiling"]["rps"]


def test_with_redis_the_cached_targets_pages_are_loaded_again_on_it(monkeypatch):
    """A third mode serves each scale from its own Redis database and loads only the
    pages the cached target names, beside the ceiling."""
    labels = {label: 0 for label in ("ceiling", "home", "article", "issue", "meeting")}
    small, large = stage(1, {}, dict(labels)), stage(50, {}, dict(labels))
    servers, loaded = [], []

    @contextmanager
    def fake_gunicorn(workers, page_cache, database=None, cache_url=None):
        servers.append((page_cache, database, cache_url))
        yield f"http://{database}/{len(servers)}", len(servers)

    def fake_load_in_turn(targets, ceiling, seconds, connections):
        loaded.append((targets[0][1].rsplit("/", 1)[1], targets[0][2]))
        run = {"rps": 100, "ceiling_rps": 1000, "p50": 1.0, "p99": 2.0, "errors": 0}
        return {scale: dict(run) for scale, _base, _path in targets}

    monkeypatch.setattr(bench, "gunicorn", fake_gunicorn)
    monkeypatch.setattr(bench, "load", lambda *args: None)
    monkeypatch.setattr(bench, "load_in_turn", fake_load_in_turn)
    monkeypatch.setattr(bench, "worker_rss_mb", lambda pid: [90])
    bench.Command(stderr=StringIO()).load([small, large], 3, 16, 5, "redis://127.0.0.1:6390")

    assert servers == [
        (False, "db_1", None), (False, "db_50", None),
        (True, "db_1", None), (True, "db_50", None),
        (True, "db_1", "redis://127.0.0.1:6390/0"), (True, "db_50", "redis://127.0.0.1:6390/1"),
    ]
    on_redis = [path for server, path in loaded if server in ("5", "6")]
    assert on_redis == ["/ceiling/", "/article/", "/issue/", "/meeting/"]
    assert set(small.runs["redis"]) == {"ceiling", "article", "issue", "meeting"}
    assert set(small.runs["cached"]) == set(labels)


def test_the_redis_table_sets_each_page_on_redis_beside_it_in_memory():
    def run(rps, ceiling_rps, errors=0):
        return {"rps": rps, "ceiling_rps": ceiling_rps, "p50": 3.5, "p99": 7.25,
                "errors": errors}

    first, last = stage(1, {}, {}), stage(50, {}, {})
    for page_stage, redis_rps in ((first, 3000), (last, 2500)):
        page_stage.runs["cached"] = {"article": run(4000, 4200), "ceiling": run(4400, 4400)}
        page_stage.runs["redis"] = {"article": run(redis_rps, 3300, errors=2)}
        page_stage.rss["redis"] = [88, 89]
    table = render_redis([first, last])
    assert "| article | 1 | 4,000 | 3,000 (2 errors) | -25% | 3.50 | 7.25 | 95% | 91% |" in table
    assert "| article | 50 | 4,000 | 2,500 (2 errors) | -38% | 3.50 | 7.25 | 95% | 76% |" in table
    assert "| ceiling |" not in table  # not loaded on Redis in this run
    assert "scale 1 [88, 89] MB; scale 50 [88, 89] MB" in table


def test_a_share_is_of_the_ceiling_loaded_beside_the_page():
    measured = {"queries": 2, "cached_queries": 0, "cpu_ms": 1.0, "bytes": 2048, "gzip": 1024}
    page_stage = Stage(
        1, "db_1", info={"corpus": "a corpus", "corpus_seconds": 3},
        pages={("ceiling", "/ceiling/"): measured, ("issue", "/issue/"): measured},
        rss={"uncached": [90], "cached": [86]},
    )

    def run(rps, ceiling_rps, *slices):
        return {"rps": rps, "ceiling_rps": ceiling_rps, "p50": 1.0, "p99": 2.0, "errors": 0,
                "ceiling_slices": list(slices)}

    page_stage.runs = {
        "uncached": {"ceiling": run(4000, 4000, 3900, 4100),
                     "issue": run(300, 3000, 2500, 3500)},
        "cached": {"ceiling": run(6000, 6000, 6000), "issue": run(4500, 5000, 5000)},
    }
    table = render_scale(page_stage)
    # 300 of the 3,000 loaded beside it, not of the first ceiling's 4,000.
    assert "| issue `/issue/` | 2 / 0 | 1.00 | 2.0 | 1.0 | 300 | 1.00 | 2.00 | 10% " \
        "| 4,500 | 1.00 | 2.00 | 90% |" in table
    assert "| ceiling `/ceiling/` | 2 / 0 | 1.00 | 2.0 | 1.0 | 4,000 | 1.00 | 2.00 | 100% " \
        "| 6,000 | 1.00 | 2.00 | 100% |" in table
    assert ("the ceiling itself: uncached 2 loads, 3,000 to 4,000 req/s (their slices "
            "2,500 to 4,100); cached 2 loads, 5,000 to 6,000 req/s (their slices 5,000 to "
            "6,000).") in table


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs DATABASE_URL on PostgreSQL")
def test_on_postgresql_a_scale_is_a_database_on_the_same_server():
    default = connection.settings_dict["NAME"]
    name = scale_database(0.5)
    assert name == f"{default}_scale_0_5"
    parsed = dj_database_url.parse(database_url(name))
    assert parsed["NAME"] == name
    assert (parsed["HOST"], parsed["PORT"]) == (connection.settings_dict["HOST"],
                                                connection.settings_dict["PORT"])
    create_database(name)
    try:
        with use_database(name), connection.cursor() as cursor:
            cursor.execute("SELECT current_database()")
            assert cursor.fetchone() == (name,)
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_database()")
            assert cursor.fetchone() == (default,)
    finally:
        drop_database(name)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_database WHERE datname = %s", [name])
        assert cursor.fetchone() == (0,)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite path")
def test_on_sqlite_a_scale_is_a_file_beside_the_default(tmp_path):
    name = scale_database(50, default=tmp_path / "bench.sqlite3")
    assert name == str(tmp_path / "bench_scale_50.sqlite3")
    assert dj_database_url.parse(database_url(name))["NAME"] == name
    for leftover in (name, f"{name}-wal"):
        Path(leftover).write_text("an earlier run")
    create_database(name)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db
@pytest.mark.usefixtures("wsgi_keeps_the_connection")
def test_a_page_is_requested_through_the_wsgi_handler_as_a_worker_serves_it():
    application = WSGIHandler()
    assert wsgi_get(application, reverse("bench_ceiling")) == 200
    assert wsgi_get(application, reverse("bench_layout") + "?page=2") == 200
    assert wsgi_get(application, "/no-such-page/") == 404


@pytest.mark.django_db
@pytest.mark.usefixtures("wsgi_keeps_the_connection")
def test_the_cpu_column_times_uncached_requests_and_stops_at_a_page_that_fails(monkeypatch):
    page_cache = []

    def get(application, path):
        page_cache.append(settings.ICSPORTAL_PAGE_CACHE)
        return 200

    monkeypatch.setattr(bench, "wsgi_get", get)
    assert cpu_ms(WSGIHandler(), "/any/") >= 0
    assert page_cache == [False] * bench.CPU_SAMPLES

    monkeypatch.undo()
    with pytest.raises(RuntimeError, match="/no-such-page/ answered 404"):
        cpu_ms(WSGIHandler(), "/no-such-page/")
