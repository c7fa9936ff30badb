"""The benchmark behind `make bench`: corpus, gunicorn, load, and the results table.

Run through .ci/bench, which provides the database and the production environment.
For each scale it builds the corpus in a database of its own beside the default one,
and counts SQL queries and bytes per page with the test client. It then serves every
scale's database with gunicorn at once, twice (page cache off, then on), and drives
every page in icsportal.bench_urls with wrk (or a small threaded Python client when wrk
is missing) for a fixed time, in one-second slices taken in turn with the page's other
scales and with the ceiling on each server, which it is compared with. When Debian's
redis-server is there, the pages of the cached target are loaded a third time with the
page cache in Redis, as production runs it. Results replace the marked section of
docs/performance.md and are printed.
"""

import datetime
import gzip
import http.client
import os
import platform
import re
import shutil
import signal
import socket
import subprocess  # nosec B404: the bench starts gunicorn and wrk, fixed argv
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from io import BytesIO, StringIO
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from urllib.parse import unquote_to_bytes, urlsplit

import django
from django.conf import settings
from django.core.cache import caches
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils.http import urlencode

from icsportal import bench_urls
from icsportal.dates import day_words

START, END = "<!-- bench results: start -->", "<!-- bench results: end -->"
SEARCH_START, SEARCH_END = "<!-- search results: start -->", "<!-- search results: end -->"
# Renders per page to time in-process; the median CPU time is immune to a busy machine.
CPU_SAMPLES = 15
# Untimed load on each server before the pages are measured, until its workers are up.
SETTLE_SECONDS = 3
# The pages of the cached target, loaded once more with the page cache in Redis (CACHE_URL,
# as production runs it), beside the ceiling served from the same Redis.
REDIS_PAGES = ("ceiling", "article", "issue", "meeting")
# Statements a page's query log holds that have no plan to show.
TRANSACTION_CONTROL = {"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"}


def wsgi_get(application, path):
    """GET `path` from the WSGI `application` as a gunicorn worker does: the response
    read whole and closed. Returns its status code."""
    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": unquote_to_bytes(path).decode("iso-8859-1"),
        "QUERY_STRING": query, "SCRIPT_NAME": "", "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_HOST": "127.0.0.1",
        "REMOTE_ADDR": "127.0.0.1", "wsgi.version": (1, 0), "wsgi.url_scheme": "http",
        "wsgi.input": BytesIO(), "wsgi.errors": sys.stderr, "wsgi.multithread": False,
        "wsgi.multiprocess": True, "wsgi.run_once": False,
    }
    status = []
    body = application(environ, lambda line, headers, exc_info=None: status.append(line))
    try:
        for _ in body:
            pass
    finally:
        if hasattr(body, "close"):
            body.close()
    return int(status[0].split()[0])


def cpu_ms(application, path):
    """The median CPU time of this process for CPU_SAMPLES uncached requests of `path`,
    through Django's WSGI handler as a gunicorn worker calls it. The test client adds
    work of its own: the meeting page took 20.3–22.6 ms through it against 18.1–18.6
    through the handler."""
    cpu = []
    with override_settings(ICSPORTAL_PAGE_CACHE=False):
        for _ in range(CPU_SAMPLES):
            started = time.process_time()
            status = wsgi_get(application, path)
            cpu.append((time.process_time() - started) * 1000)
            if status != 200:
                raise RuntimeError(f"{path} answered {status}")
    return sorted(cpu)[len(cpu) // 2]


def measure_page(client, path):
    """SQL queries, bytes and gzipped bytes of one uncached render, and queries when
    cached. The CPU time is `cpu_ms()`'s, taken once every scale is built."""
    # Count inside each block: the next request's request_started signal empties the log.
    with override_settings(ICSPORTAL_PAGE_CACHE=False), CaptureQueriesContext(connection) as q:
        response = client.get(path)
    queries = len(q.captured_queries)
    sql = [query["sql"] for query in q.captured_queries]
    content = response.content
    client.get(path)  # fills the page cache
    with CaptureQueriesContext(connection) as cached:
        client.get(path)
    cached_queries = len(cached.captured_queries)
    return {
        "status": response.status_code,
        "queries": queries,
        "cached_queries": cached_queries,
        "sql": sql,
        "bytes": len(content),
        "gzip": len(gzip.compress(content, 6)),
    }


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def worker_rss_mb(master_pid):
    """Resident memory of each gunicorn worker (the master's children), from /proc."""
    sizes = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) != master_pid:
                continue
            status = (stat.parent / "status").read_text()
        except (OSError, IndexError, ValueError):
            continue
        match = re.search(r"VmRSS:\s+(\d+) kB", status)
        if match:
            sizes.append(round(int(match.group(1)) / 1024))
    return sorted(sizes)


def default_workers():
    """gunicorn's advice for sync workers, which `make serve` follows too."""
    return 2 * (os.cpu_count() or 1) + 1


def scale_database(scale, default=None):
    """The database that holds the corpus at `scale`: beside the default one (or
    `default`), named after it (PostgreSQL), or a file beside its file (SQLite)."""
    name = str(default or settings.DATABASES["default"]["NAME"])
    suffix = f"scale_{scale:g}".replace(".", "_")
    if connection.vendor == "sqlite":
        path = Path(name).resolve()
        return str(path.with_name(f"{path.stem}_{suffix}{path.suffix}"))
    return f"{name}_{suffix}"


def database_url(name):
    """DATABASE_URL for the database `name` on the default database's server."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{name}"
    return urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}").geturl()


def create_database(name):
    """An empty database `name`, replacing any left by an earlier run."""
    drop_database(name)
    if connection.vendor != "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(name)}")


def drop_database(name):
    if connection.vendor == "sqlite":
        for path in (name, f"{name}-wal", f"{name}-shm"):
            Path(path).unlink(missing_ok=True)
        return
    with connection.cursor() as cursor:
        # FORCE: a stopped gunicorn's connections may not have closed yet.
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)} WITH (FORCE)")


@contextmanager
def use_database(name):
    """This process's queries go to the database `name` until the block ends.

    The page cache and the current site are emptied on the way in and out: both hold
    what the other database said.
    """
    from django.contrib.sites.models import Site

    def switch(to):
        connection.close()
        connection.settings_dict["NAME"] = to
        caches["default"].clear()
        Site.objects.clear_cache()

    default = connection.settings_dict["NAME"]
    switch(name)
    try:
        yield
    finally:
        switch(default)


@dataclass
class Stage:
    """One corpus scale: its database, its pages and what was measured of them."""

    scale: float
    database: str
    info: dict = field(default_factory=dict)
    pages: dict = field(default_factory=dict)  # (label, path) -> measure_page(), cpu_ms
    runs: dict = field(default_factory=dict)  # "uncached"/"cached" -> label -> load()
    rss: dict = field(default_factory=dict)  # "uncached"/"cached" -> [MB per worker]

    def path(self, label):
        return next((path for name, path in self.pages if name == label), None)


def in_turn(stages):
    """(label, stage, path) for every page at every stage, page by page, the order of the
    stages swapping from one page to the next (1, 50, then 50, 1), so neither is always
    second. Skips a page a stage's corpus could not fill."""
    labels = dict.fromkeys(label for stage in stages for label, _path in stage.pages)
    for number, label in enumerate(labels):
        for stage in stages[::-1] if number % 2 else stages:
            path = stage.path(label)
            if path is not None:
                yield label, stage, path


@contextmanager
def serving(argv, ready, errors, seconds, name, **popen):
    """Runs the server `argv` for as long as the block runs, once `ready()` stops raising
    `errors` (within `seconds`); yields its process and stops it with SIGTERM after."""
    server = subprocess.Popen(argv, **popen)  # noqa: S603  # nosec B603: fixed argv, no shell
    try:
        deadline = time.monotonic() + seconds
        while True:
            try:
                ready()
                break
            except errors:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError(f"{name} did not start") from None
                time.sleep(0.1)
        yield server
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


@contextmanager
def redis_server(folder):
    """A throwaway Redis server (Debian's redis-server) on a free loopback port, keeping
    nothing on disk, for as long as the block runs: yields its URL without a database
    number (`redis://127.0.0.1:PORT`)."""
    import redis

    port = free_port()
    url = f"redis://127.0.0.1:{port}"
    with serving(
        [shutil.which("redis-server") or "redis-server", "--port", str(port),
         "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(folder)],
        lambda: redis.Redis.from_url(url, socket_timeout=1).ping(), redis.ConnectionError,
        20, f"redis-server on port {port}", stdout=subprocess.DEVNULL,
    ) as server:
        yield url, server


@contextmanager
def gunicorn(workers, page_cache, database=None, cache_url=None, environ=None):
    """gunicorn on loopback, with this process's settings or those of `environ`;
    `cache_url` puts its page cache in Redis, otherwise each worker keeps its own."""
    port = free_port()
    env = {**(os.environ if environ is None else environ),
           "ICSPORTAL_PAGE_CACHE": "1" if page_cache else "0"}
    if database:
        env["DATABASE_URL"] = database_url(database)
    # Never the cache of the shell that started the bench: each server gets its own, so
    # one scale's server cannot answer with another scale's page.
    env.pop("CACHE_URL", None)
    if cache_url:
        env["CACHE_URL"] = cache_url
    base = f"http://127.0.0.1:{port}"
    with serving(
        [sys.executable, "-m", "gunicorn", "icsportal.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--log-level", "warning"],
        lambda: urllib.request.urlopen(f"{base}/healthz", timeout=2),  # noqa: S310  # nosec B310: loopback http URL we built
        OSError, 60, "gunicorn", cwd=settings.BASE_DIR, env=env,
    ) as server:
        yield base, server.pid


# wrk prints, after its summary, the requests and microseconds of the load and each
# distinct latency with how many requests took it, so that several loads of one page
# add up to the rate and the exact percentiles of all their requests (`Sample`).
WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("sample %d %d\\n", summary.requests, summary.duration))
  for i = 1, #latency do
    local value, count = latency(i)
    io.write(string.format("latency %d %d\\n", value, count))
  end
end
"""


@dataclass
class Sample:
    """The requests, seconds, errors and latencies of a load, or of several added up
    with `+=`: their rate and percentiles are those of all their requests together."""

    requests: int = 0
    seconds: float = 0.0
    errors: int = 0
    latency: Counter = field(default_factory=Counter)  # microseconds -> requests

    def __iadd__(self, other):
        self.requests += other.requests
        self.seconds += other.seconds
        self.errors += other.errors
        self.latency.update(other.latency)
        return self

    def percentile(self, quantile):
        """The latency in ms within which `quantile` of the requests were answered."""
        wanted = quantile * sum(self.latency.values())
        seen = 0
        for value in sorted(self.latency):
            seen += self.latency[value]
            if seen >= wanted:
                return value / 1000
        return None  # no request finished

    @property
    def rps(self):
        return self.requests / self.seconds if self.seconds else 0.0

    def result(self):
        return {
            "rps": self.rps,
            "p50": self.percentile(0.50), "p99": self.percentile(0.99),
            "errors": self.errors,
        }


def run_wrk(url, seconds, connections):
    threads = min(connections, os.cpu_count() or 1)
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_SCRIPT)
        script.flush()
        out = subprocess.run(  # noqa: S603  # nosec B603: fixed argv, no shell
            # A long timeout: wrk's default 2 s makes it reconnect and re-send while
            # gunicorn still works through the abandoned requests of a slow page.
            [shutil.which("wrk"), f"-t{threads}", f"-c{connections}", f"-d{seconds}s",
             "--timeout", "60s", "--script", script.name, url],
            capture_output=True, text=True, timeout=seconds + 30, check=True,
        ).stdout
    return parse_wrk(out)


def parse_wrk(out):
    """The Sample in wrk's output with WRK_SCRIPT."""
    requests, duration = re.search(r"^sample (\d+) (\d+)$", out, re.M).groups()
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    latency = Counter()
    for value, count in re.findall(r"^latency (\d+) (\d+)$", out, re.M):
        latency[int(value)] += int(count)
    return Sample(int(requests), int(duration) / 1e6, int(bad.group(1)) if bad else 0,
                  latency)


def run_python(url, seconds, connections):
    """A bounded threaded load generator on http.client, for machines without wrk."""
    parts = urlsplit(url)
    deadline = time.monotonic() + seconds
    sample, lock = Sample(seconds=seconds), threading.Lock()

    def client():
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        while time.monotonic() < deadline:
            started = time.perf_counter()
            error = False
            try:
                conn.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
                response = conn.getresponse()
                response.read()
                error = response.status != 200
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException):
                error = True
                conn.close()
            with lock:
                sample.requests += 1
                sample.errors += error
                sample.latency[round((time.perf_counter() - started) * 1e6)] += 1

    threads = [threading.Thread(target=client) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sample


def generate(url, seconds, connections):
    """A Sample of `seconds` of load on `url`, by wrk when installed."""
    if shutil.which("wrk"):
        return run_wrk(url, seconds, connections)
    return run_python(url, seconds, connections)


def warm(url, requests=20):
    """Untimed requests, one at a time: the first warms every worker (and, when on, its
    page cache); each waits for what the server still had queued, such as the requests
    a load generator left unanswered when its time was up."""
    for _ in range(requests):
        urllib.request.urlopen(url, timeout=180).read()  # noqa: S310  # nosec B310: loopback http URL we built


def load(base, path, seconds, connections):
    warm(base + path)
    return generate(base + path, seconds, connections).result()


def load_in_turn(targets, ceiling, seconds, connections):
    """One page's load at every scale, each beside the ceiling on its own server, in
    one-second slices taken in turn: {key: result, with the ceiling's "ceiling_rps"}.

    `targets` is [(key, base, path)], the page's address on each scale's server. The
    slices run in a sequence, for each server the ceiling then the page, which repeats
    `seconds` times, reversed every other time (A's ceiling, A's page, B's ceiling, B's
    page, then B's page, B's ceiling, A's page, A's ceiling, ...), so each of the four
    loads is spread over the same span of time. Taken as four loads of `seconds` one
    after the other, as until the fifteenth pass, the two scales of a page sat 12 s
    apart and each page's ceiling 6 s from it, and a machine whose speed moved within
    seconds read as growth between the scales: the name search, its code unchanged,
    lost from 8% to 25% over six runs. Each slice is followed by an untimed request on
    its server, which waits for the requests the slice left unanswered, so the next
    slice starts on an idle machine.
    """
    sequence = [(key, base, path) for key, base, page in targets
                for path in dict.fromkeys((ceiling, page))]
    for _key, base, path in sequence:
        warm(base + path)
    samples = {(key, path): Sample() for key, _base, path in sequence}
    ceiling_slices = {key: [] for key, _base, _page in targets}
    for number in range(seconds):
        for key, base, path in sequence[::-1] if number % 2 else sequence:
            piece = generate(base + path, 1, connections)
            samples[(key, path)] += piece
            if path == ceiling:
                ceiling_slices[key].append(piece.rps)
            warm(base + ceiling, requests=1)
    return {
        key: {**samples[(key, page)].result(),
              "ceiling_rps": samples[(key, ceiling)].rps,
              "ceiling_slices": ceiling_slices[key]}
        for key, _base, page in targets
    }


def fmt(value, digits=1):
    return "–" if value is None else f"{value:,.{digits}f}"


def render_scale(stage):
    info, pages, runs, rss = stage.info, stage.pages, stage.runs, stage.rss
    lines = [
        f"### Scale {stage.scale:g}",
        "",
        f"{info['corpus']}; corpus built in {info['corpus_seconds']:.0f} s.",
        "",
        "| Page | SQL (uncached / cached) | CPU ms | KB | KB gzip | req/s | p50 ms | p99 ms "
        "| of ceiling | cached req/s | cached p50 ms | cached p99 ms | cached, of ceiling |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for label, path in pages:
        page = pages[(label, path)]
        cells = [f"{label} `{path}`", f"{page['queries']} / {page['cached_queries']}",
                 fmt(page["cpu_ms"], 2), fmt(page["bytes"] / 1024), fmt(page["gzip"] / 1024)]
        for mode in ("uncached", "cached"):
            result = runs[mode][label]
            ratio = share(result)
            errors = f" ({result['errors']} errors)" if result["errors"] else ""
            cells += [fmt(result["rps"], 0) + errors, fmt(result["p50"], 2),
                      fmt(result["p99"], 2), f"{ratio:.0%}"]
        lines.append("| " + " | ".join(cells) + " |")
    lines += [
        "",
        ceiling_spread(runs),
        "",
        f"Worker resident memory after the run: uncached {rss['uncached']} MB, "
        f"cached {rss['cached']} MB.",
        "",
    ]
    return "\n".join(lines)


def render_redis(stages):
    """The cached target's pages with the page cache in Redis, beside the same pages
    cached in each worker's memory."""
    lines = [
        "### The page cache on Redis",
        "",
        "Production keeps the page cache in Redis (`CACHE_URL`), shared by every worker; "
        "the tables above keep it in each worker's memory. These pages were loaded once "
        "more with it in a Redis server on loopback, in slices beside the ceiling, itself "
        "served from the same Redis. A cached page costs one read from Redis, of the "
        "content version and the page together.",
        "",
        "| Page | Scale | req/s, memory | req/s, Redis | change | p50 ms, Redis "
        "| p99 ms, Redis | of ceiling, memory | of ceiling, Redis |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for label in REDIS_PAGES:
        for stage in stages:
            if label not in stage.runs["redis"]:
                continue
            memory, redis = stage.runs["cached"][label], stage.runs["redis"][label]
            errors = f" ({redis['errors']} errors)" if redis["errors"] else ""
            lines.append(
                f"| {label} | {stage.scale:g} | {fmt(memory['rps'], 0)} "
                f"| {fmt(redis['rps'], 0)}{errors} | {change(memory['rps'], redis['rps'])} "
                f"| {fmt(redis['p50'], 2)} | {fmt(redis['p99'], 2)} "
                f"| {share(memory):.0%} | {share(redis):.0%} |"
            )
    rss = "; ".join(f"scale {stage.scale:g} {stage.rss['redis']} MB" for stage in stages)
    return "\n".join(lines + ["", f"Worker resident memory after the Redis run: {rss}.", ""])


def ceiling_spread(runs):
    """One sentence: how far the ceiling itself moved between its loads in each mode, and
    between the one-second slices they were made of."""
    parts = []
    for mode in ("uncached", "cached"):
        loads = sorted(result["ceiling_rps"] for result in runs[mode].values())
        slices = sorted(rate for result in runs[mode].values()
                        for rate in result.get("ceiling_slices", ()))
        part = f"{mode} {len(loads)} loads, {fmt(loads[0], 0)} to {fmt(loads[-1], 0)} req/s"
        if slices:
            part += f" (their slices {fmt(slices[0], 0)} to {fmt(slices[-1], 0)})"
        parts.append(part)
    return ("Each page's share is of the ceiling loaded on the same server in the same "
            "seconds, in one-second slices taken in turn with the page's; the ceiling "
            f"itself: {'; '.join(parts)}.")


def change(before, after):
    return f"{after / before - 1:+.0%}" if before else "–"


def render_growth(first, last):
    """Each page's uncached requests per second at the first and last scale, side by side,
    and its share of the ceiling loaded beside it at each.

    A page was loaded at the two scales in slices taken in turn (`load_in_turn()`), so
    a change in the machine's speed during the run moves both; the shares also take out
    what is left of it, at the price of the ceiling's own noise.
    """
    lines = [
        f"### From scale {first.scale:g} to {last.scale:g}",
        "",
        "Uncached; each page was loaded at both scales in one-second slices taken in "
        "turn. The ceiling reads no database: its change is the noise between two loads "
        "of the same page. The shares are of the ceiling loaded beside the page, in the "
        "same seconds, at each scale.",
        "",
        f"| Page | req/s at {first.scale:g} | req/s at {last.scale:g} | change "
        f"| of ceiling at {first.scale:g} | of ceiling at {last.scale:g} | change "
        f"| CPU ms at {first.scale:g} | CPU ms at {last.scale:g} |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for (label, _path), page in first.pages.items():
        path = last.path(label)
        if path is None:
            continue
        before, after = first.runs["uncached"][label], last.runs["uncached"][label]
        share_before, share_after = share(before), share(after)
        cpu_before = page["cpu_ms"]
        cpu_after = last.pages[(label, path)]["cpu_ms"]
        lines.append(f"| {label} | {fmt(before['rps'], 0)} | {fmt(after['rps'], 0)} "
                     f"| {change(before['rps'], after['rps'])} | {share_before:.1%} "
                     f"| {share_after:.1%} | {change(share_before, share_after)} "
                     f"| {fmt(cpu_before, 2)} | {fmt(cpu_after, 2)} |")
    return "\n".join(lines + [""])


def share(result):
    """A load's requests per second as a share of the ceiling's loaded beside it."""
    return result["rps"] / result["ceiling_rps"] if result["ceiling_rps"] else 0


def explain_heaviest(pages, runs, count=3):
    """EXPLAIN ANALYZE of every query of the `count` slowest uncached pages (PostgreSQL)."""
    if connection.vendor != "postgresql":
        return "Query plans are shown for PostgreSQL runs only.\n"
    by_speed = sorted(
        (key for key in pages if key[0] != "ceiling"), key=lambda key: runs[key[0]]["rps"]
    )
    lines = []
    for label, path in by_speed[:count]:
        lines += [f"#### {label} `{path}`", ""]
        # One transaction a page, as the page's own: a search's `SET LOCAL` changes the
        # plans of the queries after it, and must not change the next page's.
        with transaction.atomic(), connection.cursor() as cursor:
            for sql in pages[(label, path)]["sql"]:
                verb = sql.split(None, 1)[0].upper()
                if verb in TRANSACTION_CONTROL:
                    continue
                if verb == "SET":
                    cursor.execute(sql)
                    lines += [f"After `{sql}`:", ""]
                    continue
                cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF) {sql}")
                plan = "\n".join(row[0] for row in cursor.fetchall())
                lines += ["```", sql, "", plan, "```", ""]
    return "\n".join(lines)


def time_search(client, queries, reps):
    """[(query, results shown, p50 ms, p95 ms)]: wall time of whole uncached search pages."""
    rows = []
    for q in queries:
        path = f"/search/?{urlencode({'q': q})}"
        times = []
        with override_settings(ICSPORTAL_PAGE_CACHE=False):
            client.get(path)  # the first request pays for imports and plan caching
            for _ in range(reps):
                started = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - started) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        rows.append((q, response.status_code, times[len(times) // 2], p95))
    return rows


def build_corpus(scale):
    """generate_corpus at `scale`, then (PostgreSQL) VACUUM; returns its output.

    The build rewrites every searchable row's document, which leaves as many dead rows
    as live ones in those tables, and autovacuum then cleans them up for minutes. In
    one run every cached page after the fifth, none of which reads the database, came
    out near 81% of the ceiling, most likely with autovacuum still at work. Vacuumed
    first, the pages are measured on a database as it settles in use. No ANALYZE: the
    build analysed every table before its commit and the search tables after rewriting
    their documents, and nothing has changed since.
    """
    out = StringIO()
    call_command("generate_corpus", scale=scale, force=True, stdout=out)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM")
    return out


def corpus_summary(out):
    """What generate_corpus built ("300 organisations, 3,000 people, ..."), from its output.

    The summary is its last line: the search index rebuild it runs prints lines before it.
    """
    return out.getvalue().strip().splitlines()[-1].split(": ", 1)[-1].split(" in ")[0]


def search_header(reps):
    """The first lines of the search timings table."""
    vendor = connection.display_name
    if connection.vendor == "postgresql":
        vendor = f"PostgreSQL {connection.pg_version // 10000}"
    cap = settings.ICSPORTAL_SEARCH_CAP
    return [f"Run {day_words(datetime.date.today())} on {vendor}, {reps} timed requests "
            f"per query after one warm-up, page cache off, search cap {cap}, "
            "in-process test client.", "",
            "| Scale | Archive | Query | p50 ms | p95 ms |", "|---|---|---|--:|--:|"]


def write_doc(doc, section, start=START, end=END):
    text = doc.read_text() if doc.exists() else ""
    block = f"{start}\n{section}\n{end}"
    if start in text and end in text:
        text = text[: text.index(start)] + block + text[text.index(end) + len(end):]
    else:
        text = f"{text.rstrip()}\n\n{block}\n"
    doc.write_text(text)


class Command(BaseCommand):
    help = "Benchmark the public pages (use `make bench`, which sets up the environment)."

    def add_arguments(self, parser):
        parser.add_argument("--scales", default="1 5", help='Corpus scales, e.g. "1 50".')
        parser.add_argument("--seconds", type=int, default=5,
                            help="Load time per page and scale, in one-second slices.")
        parser.add_argument("--connections", type=int, default=16)
        parser.add_argument(
            "--workers", type=int, default=default_workers(),
            help="gunicorn workers (default: 2 × cores + 1, as `make serve`).",
        )
        parser.add_argument("--doc", default=str(settings.BASE_DIR / "docs" / "performance.md"))
        parser.add_argument(
            "--search-only", type=int, metavar="REPS", default=0,
            help="Only time the site search REPS times per query at each scale (no gunicorn).",
        )
        parser.add_argument(
            "--search-reps", type=int, default=100,
            help="Also time each search REPS times at each scale of the full run (0: don't).",
        )

    def handle(self, *args, scales, seconds, connections, workers, doc, search_only,
               search_reps, **options):
        call_command("migrate", verbosity=0, interactive=False)
        call_command("collectstatic", verbosity=0, interactive=False)
        if search_only:
            return self.bench_search(scales, search_only, Path(doc))
        generator = "wrk" if shutil.which("wrk") else "Python threads (wrk not installed)"
        vendor = connection.display_name
        if connection.vendor == "postgresql":
            vendor = f"PostgreSQL {connection.pg_version // 10000}"
        sections = [
            f"Run {day_words(datetime.date.today())} on {os.cpu_count()} cores "
            f"({platform.machine()}), Python {platform.python_version()}, Django "
            f"{django.get_version()}, {vendor}; gunicorn with {workers} sync workers, "
            f"DEBUG off, search cap {settings.ICSPORTAL_SEARCH_CAP}; load by {generator}, "
            f"{connections} connections, {seconds} s per page.",
            "",
        ]
        search_lines = search_header(search_reps)
        if not scales.split():
            raise CommandError("--scales names no scale")
        stages = []
        try:
            for scale in [float(s) for s in scales.split()]:
                stage = Stage(scale, scale_database(scale))
                create_database(stage.database)
                stages.append(stage)
                with use_database(stage.database):
                    call_command("migrate", verbosity=0, interactive=False)
                    self.prepare(stage)
                    if search_reps:
                        # The corpus is built already: time the searches on it too.
                        search_lines += self.search_rows(
                            Client(HTTP_HOST="127.0.0.1"), scale, stage.info["archive"],
                            search_reps)
            self.measure_cpu(stages)
            load_before = os.getloadavg()[0]
            with ExitStack() as redis:
                redis_url = None
                if shutil.which("redis-server"):
                    folder = redis.enter_context(tempfile.TemporaryDirectory())
                    redis_url, _server = redis.enter_context(redis_server(folder))
                else:
                    self.stderr.write("redis-server is not installed: the cached pages "
                                      "are not measured on Redis")
                self.load(stages, seconds, connections, workers, redis_url)
            sections += [
                f"Load average of the machine: {load_before:.1f} before the load, "
                f"{os.getloadavg()[0]:.1f} at its end.", "",
            ]
            for stage in stages:
                table = render_scale(stage)
                sections.append(table)
                self.stdout.write(table)
            if len(stages) > 1:
                growth = render_growth(stages[0], stages[-1])
                sections.append(growth)
                self.stdout.write(growth)
            if redis_url:
                on_redis = render_redis(stages)
                sections.append(on_redis)
                self.stdout.write(on_redis)
            last = stages[-1]
            with use_database(last.database):
                plans = explain_heaviest(last.pages, last.runs["uncached"])
        finally:
            for stage in stages:
                drop_database(stage.database)
        sections += [
            f"### Query plans of the three slowest pages at scale {last.scale:g}", "", plans
        ]
        write_doc(Path(doc), "\n".join(sections))
        if search_reps:
            write_doc(Path(doc), "\n".join(search_lines), SEARCH_START, SEARCH_END)
        self.stdout.write(self.style.SUCCESS(f"Results written to {doc}"))

    def prepare(self, stage):
        """Builds the stage's corpus and measures its pages in this process."""
        started = time.monotonic()
        out = build_corpus(stage.scale)
        stage.info = {
            "corpus": corpus_summary(out),
            "corpus_seconds": time.monotonic() - started,
        }
        archive = ", ".join(stage.info["corpus"].split(", ")[:2])
        stage.info["archive"] = f"{archive} (built in {stage.info['corpus_seconds']:.0f} s)"
        client = Client(HTTP_HOST="127.0.0.1")
        stage.pages = {(label, path): measure_page(client, path)
                       for label, path in bench_urls.resolve()}
        for (label, path), page in stage.pages.items():
            if page["status"] != 200:
                raise RuntimeError(f"{label} {path} answered {page['status']}")

    def measure_cpu(self, stages):
        """Each page's CPU time at every scale in turn (`in_turn()`), as `load()` loads
        them: measured with each corpus straight after it was built, the scale-50 column
        once read up to twice the scale-1 one for pages whose requests per second were
        the same at both."""
        application = WSGIHandler()
        for label, stage, path in in_turn(stages):
            with use_database(stage.database):
                stage.pages[(label, path)]["cpu_ms"] = cpu_ms(application, path)

    def load(self, stages, seconds, connections, workers, redis_url=None):
        """Drives every page of every stage, page by page, with the scales in turn.

        Each stage's database is served by its own gunicorn, all at once, so that a page
        is loaded at one scale straight after the other (`in_turn()`). Run one scale
        after the other, a change in the machine's speed between the two
        halves of a run showed as growth or as savings: in one run the ceiling, which
        reads no database, lost 26% from the first scale to the second. For the same
        reason every page is compared with the ceiling loaded on its own server in the
        same span of time, in slices taken in turn with the page's at every scale
        (`load_in_turn()`), not with one ceiling loaded minutes earlier.

        With `redis_url`, a third mode loads REDIS_PAGES with the page cache in that
        Redis server, a database number for each scale's server.
        """
        modes = [("uncached", False), ("cached", True)] + ([("redis", True)] if redis_url else [])
        for mode, page_cache in modes:
            with ExitStack() as servers:
                served = {stage.database: servers.enter_context(gunicorn(
                    workers, page_cache, stage.database,
                    f"{redis_url}/{number}" if mode == "redis" else None,
                )) for number, stage in enumerate(stages)}
                for stage in stages:
                    stage.runs[mode] = {}
                    # Untimed: a server answers once one worker is up, and the others
                    # (every server's) may still be starting, which slowed the first
                    # page measured, the ceiling, by a quarter in one run.
                    base, _pid = served[stage.database]
                    load(base, stage.path("ceiling"), SETTLE_SECONDS, connections)
                for label, turn in groupby(in_turn(stages), key=itemgetter(0)):
                    if mode == "redis" and label not in REDIS_PAGES:
                        continue
                    turn = list(turn)
                    by_scale = {stage.scale: stage for _label, stage, _path in turn}
                    self.stderr.write(f"{mode}: {label}, scale "
                                      + " and ".join(f"{scale:g}" for scale in by_scale))
                    targets = [(stage.scale, served[stage.database][0], path)
                               for _label, stage, path in turn]
                    results = load_in_turn(targets, stages[0].path("ceiling"), seconds,
                                           connections)
                    for scale, result in results.items():
                        by_scale[scale].runs[mode][label] = result
                for stage in stages:
                    stage.rss[mode] = worker_rss_mb(served[stage.database][1])

    def search_rows(self, client, scale, archive, reps):
        lines = []
        for q, status, p50, p95 in time_search(client, bench_urls.SEARCH_QUERIES, reps):
            if status != 200:
                raise RuntimeError(f"search {q!r} answered {status}")
            row = f"| {scale:g} | {archive} | `{q}` | {fmt(p50)} | {fmt(p95)} |"
            self.stdout.write(row)
            lines.append(row)
        return lines

    def bench_search(self, scales, reps, doc):
        lines = search_header(reps)
        client = Client(HTTP_HOST="127.0.0.1")
        for scale in [float(s) for s in scales.split()]:
            started = time.monotonic()
            out = build_corpus(scale)
            built = time.monotonic() - started
            archive = ", ".join(corpus_summary(out).split(", ")[:2])
            archive += f" (built in {built:.0f} s)"
            lines += self.search_rows(client, scale, archive, reps)
        write_doc(doc, "\n".join(lines), SEARCH_START, SEARCH_END)
        self.stdout.write(self.style.SUCCESS(f"Search timings written to {doc}"))
