"""The anonymous page cache, conditional GET and Cache-Control headers for public pages.

One site-wide *content version* stands for "everything the public pages show". Any
save, delete or many-to-many change of a model in CONTENT_APPS replaces it, so every
cached page and every ETag handed out before the change is stale at once: no page
needs to know which records it shows, and a renamed person disappears from the
person page, the organisation page and every article naming them together. Edits are
rare and reads are many, so throwing the whole cache away on each edit costs little: a
save a second took about a tenth off a busy cached page's rate (docs/performance.md,
"Edits under load"). A transaction replaces the version once, after it commits.

Pages are cached per (local date, absolute URL), each with the content version it was
rendered under, and served only while that is still the version; the version and the
page are read together, in one round trip to Redis. The tracking parameters mailers add
to links are taken out of the URL first, for the view too (`drop_tracking_parameters`).
The date is part of the key because pages show "current roles", which change at
midnight without a save. A page the cache lacks is rendered once per version: the
first request to miss it claims it, and the others that want it meanwhile wait for its
copy (`_claim_or_wait`), so an edit costs a busy page one render rather than one in
every worker its readers reach.

Some pages change at a set moment without a save: a scheduled issue goes public at its
time, and a meeting moves from "upcoming" to "past" when it starts. Each app registers
a function giving the first such moment after a given time (`register_schedule`); every
new version carries the earliest of them, and the first request that finds that moment
passed makes a new version, as an edit would. Every writer replaces the version it
read, or retries: a version made from a schedule read before an edit committed never
overwrites that edit's (`_set_if_unchanged`).

Only anonymous GET/HEAD requests for public pages are served from the cache. Staff
pages, previews, signed-in users and any response that sets a cookie or carries a
CSRF token (a form) are sent `Cache-Control: private, no-store` and never stored.

A page is kept with its gzip coding too, made once as it is stored, and a reader whose
Accept-Encoding names gzip gets that (icsportal.http): a 59 KB meeting page is 9 KB on
the wire, and a cached page costs no compression. A public download, which streams
and is never kept, is compressed as it goes. Every public page says `Vary:
Accept-Encoding`, so a CDN keeps the two codings apart. Only public pages are
compressed: a private one may carry a secret (a CSRF token), which compression beside
text a request chose can leak (BREACH).

With the default cache each gunicorn worker keeps its pages in its own memory and
reads the content version from a file that the site's processes on the machine share
(icsportal.local_cache), so an edit made through one worker reaches every worker's next
request. Production sets CACHE_URL to a Redis server that all workers share, pages
included (see docs/performance.md).

The cache only ever saves work. When it cannot be reached, pages are rendered as if the
page cache were off, an edit is saved all the same and its content-version change is
made once the cache answers again (`CacheHealth`): an outage of Redis slows the site
down and never takes a page or an edit with it.
"""

import datetime
import hashlib
import logging
import secrets
import sys
import time

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import (
    DEFAULT_DB_ALIAS,
    DatabaseError,
    InterfaceError,
    OperationalError,
    transaction,
)
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from icsportal.http import accepts_gzip, gzipped, send_gzipped, send_gzipped_stream

logger = logging.getLogger("icsportal.cache")
database_logger = logging.getLogger("icsportal.database")

# Apps whose records appear on public pages. An app that is not installed yet is skipped.
CONTENT_APPS = ["people", "bulletins", "governance", "flatpages", "taggit"]

VERSION_KEY = "icsportal:content-version"
# A key that starts with this holds what is counted for the whole site, not per worker
# (the question form's limit per address). Redis shares every key; the default cache
# (icsportal.local_cache) keeps these in a SQLite database every process on the machine
# uses.
SHARED = "shared:"
PRIVATE = "private, no-store"
PRIVATE_PREFIXES = ("/admin/",)
# Answered by their view alone, never through the cache: the health check says whether
# the database answers, whatever the cache holds and however slowly it replies, and the
# liveness check that the process does.
LIVE_PATHS = ("/healthz", "/livez")
# Cookies whose presence means the request may belong to somebody: staff sessions and
# the messages a form left for the next page.
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
# Parameters that mailers, social sites and advertisers add to a link for their own
# analytics; no page of ours reads one. A bulletin mailed with each reader's own id in
# its links (Mailchimp's mc_eid) made every reader's click a page the cache had never
# seen, rendered afresh, with that reader's id printed in the page's own address.
TRACKING_PARAMETERS = frozenset({
    "mc_cid", "mc_eid",  # Mailchimp
    "_hsenc", "_hsmi",  # HubSpot
    "mkt_tok",  # Marketo
    "_ga", "_gl", "gclid", "gclsrc", "dclid", "gbraid", "wbraid",  # Google
    "msclkid",  # Microsoft
    "fbclid", "igshid",  # Meta
    "twclid", "ttclid", "li_fat_id", "yclid",  # X, TikTok, LinkedIn, Yandex
})
TRACKING_PREFIX = "utm_"  # Google's campaign parameters, which most mailers add
# After a failure a process leaves the cache alone this long, so that an outage costs a
# request nothing rather than a connection timeout each.
RETRY_SECONDS = 10


def cache_errors():
    """What a cache that cannot be reached raises: the socket's errors, and redis-py's
    (refused, timed out, reset) once the Redis backend has loaded it.

    Looked up when an error is raised, not imported: importing redis-py loads the whole
    client, 5 MB in every worker of a site whose cache is in its own memory, and no
    Redis error can come from a process that never loaded it.
    """
    exceptions = sys.modules.get("redis.exceptions")
    return (OSError, exceptions.RedisError) if exceptions else (OSError,)


class CacheHealth:
    """This process's view of the cache: whether to use it now, and whether it owes the
    cache a content-version change that could not be written when the content changed."""

    def __init__(self):
        self.retry_at = 0.0
        self.bump_owed = False

    def available(self):
        return time.monotonic() >= self.retry_at

    def failed(self, action, error):
        if self.available():  # the first failure of an outage is logged, not every one
            logger.warning(
                "cache unavailable while %s (%s); serving pages without it, retrying "
                "in %d s", action, error, RETRY_SECONDS,
            )
        self.retry_at = time.monotonic() + RETRY_SECONDS


health = CacheHealth()


# What a database that cannot answer raises: a connection refused or lost, a statement
# cancelled by the web's lock or statement timeout (icsportal/wsgi.py). Not a
# ProgrammingError, which is a fault of the site's own.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)

# After a page this process could not render because the database could not answer, how
# long its pages that have a copy kept earlier are sent that copy without
# asking the database again: a locked table would otherwise hold a worker for the lock
# timeout on every such page, and the readers of every other page would queue behind.
DATABASE_RETRY_SECONDS = 5


class DatabaseHealth:
    """This process's view of the database, as the pages' renders found it."""

    def __init__(self):
        self.retry_at = 0.0

    def available(self):
        return time.monotonic() >= self.retry_at

    def failed(self):
        self.retry_at = time.monotonic() + DATABASE_RETRY_SECONDS


database_health = DatabaseHealth()


# name: function(moment) -> the first aware datetime after `moment` at which public
# pages change without a save, or None.
_SCHEDULES = {}


def register_schedule(name, first_change_after):
    """Have every content version end when `first_change_after(now)` comes, if it does.

    Called from an app's ready(). It is called when a version is first made, after each
    committed edit and on the first request after a scheduled moment, so it should be
    one indexed query.
    """
    _SCHEDULES[name] = first_change_after


def _first_scheduled_change(now):
    moments = [moment for moment in (first(now) for first in _SCHEDULES.values()) if moment]
    return min(moments).timestamp() if moments else None


def _end_of(version):
    return version[2] if len(version) > 2 else None  # a version stored by older code has none


def _has_ended(version):
    ends = _end_of(version)
    return ends is not None and timezone.now().timestamp() >= ends


def _new_version():
    """(token, unix time it was made, unix time it ends or None): the end is the first
    scheduled change the database knows of."""
    now = timezone.now()
    return (f"{time.time_ns():x}{secrets.token_hex(3)}", now.timestamp(),
            _first_scheduled_change(now))


# A version replaced by another process between reading it and writing the new one
# makes the writer read and make again; after this many tries the last writer wins.
REPLACE_TRIES = 5


def _set_if_unchanged(expected, version):
    """Store `version` if the stored version is still `expected`, atomically.

    Two writers each read the stored version, then make a new one whose end comes from
    the schedule they read after it. Without this, a request remaking an ended
    version could overwrite the version an edit wrote a moment before, with an end read
    before the edit committed: a time the edit scheduled would pass unseen. Both caches
    the site configures (`icsportal.settings.cache_config`) compare and set: Redis in
    one transaction (`icsportal.redis_cache`), the default cache under a lock that every
    process of the machine takes (`icsportal.local_cache`).
    """
    return cache.set_if_unchanged(VERSION_KEY, expected, version, timeout=None)


def _replace_version():
    """Store a new version in place of the one read, unless another writer replaced it
    first; then read theirs and make another."""
    for _ in range(REPLACE_TRIES):
        current = cache.get(VERSION_KEY)
        version = _new_version()
        if current is None:
            if cache.add(VERSION_KEY, version, timeout=None):
                return version
        elif _set_if_unchanged(current, version):
            return version
    cache.set(VERSION_KEY, version, timeout=None)
    return version


def content_version(version=None):
    """(token, unix time, end) of the last change to public content: `version` as read
    from the cache, or read now; made on first use, and made anew once a scheduled change
    has come. Raises one of cache_errors() when the cache cannot be reached."""
    if version is None:
        version = cache.get(VERSION_KEY)
    if version is None:
        version = _new_version()
        if not cache.add(VERSION_KEY, version, timeout=None):
            version = cache.get(VERSION_KEY) or version
    elif _has_ended(version):
        try:
            fresh = _new_version()
        except DatabaseError as error:
            # Keep the ended version while the database is down, so the pages cached
            # under it are still served; the next request asks again.
            schedule_health.failed(error)
            return version
        if _set_if_unchanged(version, fresh):
            return fresh
        # Another request or an edit replaced it first, from a schedule read after the
        # ended version was: theirs stands.
        version = cache.get(VERSION_KEY) or fresh
    return version


class ScheduleHealth:
    """Logs that the schedule could not be read at most once every RETRY_SECONDS, not
    on every request."""

    def __init__(self):
        self.quiet_until = 0.0

    def failed(self, error):
        now = time.monotonic()
        if now >= self.quiet_until:
            logger.warning(
                "the database could not say when public pages next change (%s); serving "
                "pages cached before a scheduled change until it can", error,
            )
            self.quiet_until = now + RETRY_SECONDS


schedule_health = ScheduleHealth()


def bump_content_version(**kwargs):
    """Make every cached page and ETag stale. Signal receiver and plain function.

    An edit never fails because the cache is down: the change is then owed, and this
    process makes it on its first request once the cache is tried again and answers
    (`PageCacheMiddleware`). Until then other processes may serve pages cached before
    the edit, for ICSPORTAL_PAGE_CACHE_SECONDS at most.
    """
    if health.available():
        try:
            _replace_version()
        except cache_errors() as error:
            health.failed("recording a change to public content", error)
        else:
            health.bump_owed = False
            return
    if not health.bump_owed:
        logger.error(
            "a change to public content could not be recorded in the cache: pages cached "
            "before it may be served until this process records it or they expire"
        )
    health.bump_owed = True


def remembered(read, name):
    """`read()`, which changes only when public content does, remembered under `name`
    until it does.

    A list's total is such a value, yet counting every row of a large archive is the
    costliest query of an API list (0.1–0.2 s at corpus scale 50), and a publication's
    archive counted each of its issues' rows on every page. So is the set of static
    pages' addresses, which every address no route matches was looked up in, twice
    (icsportal.static_pages). The value is kept under the content version, so any edit
    reads it again, and so does a scheduled issue going public. `name` must identify
    what is read (a list and its filters); `read()` never gives None.
    """
    if not health.available():
        return read()
    digest = hashlib.md5(name.encode(), usedforsecurity=False).hexdigest()
    try:
        token = content_version()[0]
        key = f"icsportal:remembered:{token}:{digest}"
        value = cache.get(key)
    except cache_errors() as error:
        health.failed("reading a remembered value", error)
        return read()
    if value is None:
        value = read()
        try:
            cache.set(key, value, settings.ICSPORTAL_PAGE_CACHE_SECONDS)
        except cache_errors() as error:
            health.failed("storing a remembered value", error)
    return value


def _content_changed(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    if kwargs.get("action", "post_").startswith("pre_"):
        return
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        bump_content_version()
        return
    # In a transaction nobody else can read its rows until it commits, so one bump after
    # the commit serves every row it saved, and reads the schedule with them in it. A
    # bump at each save as well made an article saved in the admin replace the version
    # ten times, and after each one every reader of a busy page missed the cache and
    # rendered it again (docs/performance.md, "Edits under load"). Django's list of the
    # connection's commit hooks says whether the bump is there already (a savepoint
    # rolled back takes its hooks away).
    if not any(hook is bump_content_version for _ids, hook, _robust in connection.run_on_commit):
        transaction.on_commit(bump_content_version, using=using)


def connect_invalidation():
    """Connect the content-version receivers to every model of CONTENT_APPS.

    Called from IcsportalConfig.ready(). Bulk writes (QuerySet.update, bulk_create)
    send no signals: code that uses them calls bump_content_version() itself.
    """
    for label in CONTENT_APPS:
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        for model in config.get_models(include_auto_created=True):
            uid = f"icsportal.caching.{model._meta.label}"
            post_save.connect(_content_changed, sender=model, dispatch_uid=f"{uid}.save")
            post_delete.connect(_content_changed, sender=model, dispatch_uid=f"{uid}.delete")
            m2m_changed.connect(_content_changed, sender=model, dispatch_uid=f"{uid}.m2m")
    # A deploy (which migrates) may change templates: start from a fresh version.
    post_migrate.connect(bump_content_version, dispatch_uid="icsportal.caching.migrate")


def _is_tracking(part):
    name = part.partition("=")[0]
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIX)


def drop_tracking_parameters(request):
    """Take TRACKING_PARAMETERS out of `request`'s query string, leaving the rest as it
    was sent, so the page is keyed, rendered and addressed as if the link had none."""
    query = request.META.get("QUERY_STRING", "")
    if not query:
        return
    parts = query.split("&")
    kept = [part for part in parts if not _is_tracking(part)]
    if len(kept) < len(parts):
        request.META["QUERY_STRING"] = "&".join(kept)
        request.__dict__.pop("GET", None)  # parsed from the old query string, if it was


def is_public_request(request):
    """True for a GET/HEAD of a public page by somebody who cannot be signed in."""
    if request.method not in ("GET", "HEAD"):
        return False
    path = request.path
    if path.startswith(PRIVATE_PREFIXES) or "/preview/" in path:
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    return not any(name in request.COOKIES for name in PERSONAL_COOKIES)


def _is_personal(request, response):
    user = getattr(request, "user", None)
    return bool(
        response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or (user is not None and user.is_authenticated)
    )


def _is_public(response):
    """True for a response its view marked for anyone to keep (`public_headers`)."""
    return response.get("Cache-Control", "").startswith("public")


def _is_storable(response):
    return (
        response.status_code == 200
        and not response.streaming
        and "Cache-Control" not in response
        # A nonce must differ on every response; a page that used one cannot be reused.
        and "'nonce-" not in response.get("Content-Security-Policy", "")
    )


def _validators(version, today):
    """The ETag and Last-Modified every public page carries, from the content version."""
    token, changed_at = version[:2]
    midnight = datetime.datetime.combine(today, datetime.time(), timezone.get_current_timezone())
    last_modified = int(max(changed_at, midnight.timestamp()))
    return f'W/"{token}-{today:%Y%m%d}"', last_modified


def _page_key(request):
    # Host and scheme are in the key because pages print their canonical URL.
    url = hashlib.md5(request.build_absolute_uri().encode(), usedforsecurity=False)
    # "page3": a page is stored with its day and the time it is current until, and
    # kept past that time, since the fifty-sixth pass (`_keep`).
    return f"icsportal:page3:{url.hexdigest()}"


def _is_current(stored, token, today):
    """Whether the page `stored` was rendered under version `token`, on `today`, less
    than ICSPORTAL_PAGE_CACHE_SECONDS ago. The day, because "current roles" and the
    meetings to come change at midnight without a save."""
    return stored[0] == token and stored[1] == today.toordinal() and stored[2] > time.time()


def _read_page(key, today):
    """(the content version, the page stored under `key` for it or None, the page stored
    there that is no longer current or None) in one cache read.

    A page is stored with the version it was rendered under and is only served while
    that is still the version: the page key does not carry the version, so that the
    two are read together, one round trip to Redis rather than two. A page that is no
    longer current (rendered before the last change, on an earlier day, or longer ago
    than ICSPORTAL_PAGE_CACHE_SECONDS) is served only when the database cannot render
    it afresh (`when_database_unavailable`).
    """
    keys = [VERSION_KEY, key] if settings.ICSPORTAL_PAGE_CACHE else [VERSION_KEY]
    found = cache.get_many(keys)
    version = content_version(found.get(VERSION_KEY))
    stored = found.get(key)
    if stored is not None and not _is_current(stored, version[0], today):
        return version, None, stored
    return version, stored, None


def public_cache_control():
    """What every public page tells browsers and a CDN: keep it for max-age, and a CDN
    may send its copy for up to ICSPORTAL_CACHE_STALE_IF_ERROR seconds more while this
    site answers with an error (RFC 5861), as the page cache sends its own copy while
    the database cannot answer (`when_database_unavailable`)."""
    control = f"public, max-age={settings.ICSPORTAL_CACHE_MAX_AGE}"
    if settings.ICSPORTAL_CACHE_STALE_IF_ERROR:
        control += f", stale-if-error={settings.ICSPORTAL_CACHE_STALE_IF_ERROR}"
    return control


def public_headers(response, etag=None, last_modified=None):
    """Mark `response` for any cache to keep, with its validators when they are known.

    Also for a public response the page cache does not keep (a stream, which it
    returns untouched): its view marks it so itself. Every one varies by its coding
    alone, whether or not this one is compressed, so that a 304 answered before any
    render carries the same Vary as the page (RFC 9110, 15.4.5).
    """
    if etag is not None:
        response.headers["ETag"] = etag
        response.headers["Last-Modified"] = http_date(last_modified)
    response.headers["Cache-Control"] = public_cache_control()
    response.headers["Vary"] = "Accept-Encoding"
    return response


def _in_coding(request, response, coded):
    """`response` in the coding `request` accepts: in `coded`, its gzip coding made as it
    was kept (None when the body gains nothing from one), for a reader who accepts gzip,
    else as it is."""
    if coded is not None and accepts_gzip(request):
        send_gzipped(response, coded)
    return response


def _coded_for(request, response):
    """A page nobody keeps, in the coding `request` accepts: compressed now, and only
    for a reader who accepts gzip."""
    if accepts_gzip(request) and (coded := gzipped(response)) is not None:
        send_gzipped(response, coded)
    return response


def _not_modified(request, etag, last_modified):
    """304 for a visitor, or a CDN, whose copy carries this version's validators, or None.

    Every public page's ETag and Last-Modified come from the content version and the
    date alone, so a copy that carries them is current whatever this cache holds: a
    revalidation needs neither the stored page nor a render, and gets the same 304
    whether the page is cached, has expired, is in another worker's memory or the page
    cache is off. The 304 carries the headers every public page sends, its Vary
    included, which the tests check.
    """
    if "HTTP_IF_NONE_MATCH" not in request.META and "HTTP_IF_MODIFIED_SINCE" not in request.META:
        return None
    stand_in = public_headers(HttpResponse(), etag, last_modified)
    response = get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=stand_in
    )
    return response if response.status_code == 304 else None


# One render per page and version. While a request renders a page the cache lacks, the
# others that want it wait for its copy instead of rendering it too: after an edit a
# busy page is rendered once, not once by every worker its readers reach. A claim
# lasts this long at most, so a worker that dies while rendering holds nobody up for
# longer, and nobody waits longer for a page than this.
CLAIM_SECONDS = 2
# A waiting request looks for the page after this long, then at twice the interval each
# time, up to the longest.
WAIT_FIRST_SECONDS = 0.004
WAIT_LONGEST_SECONDS = 0.05
# What a claim holds: its page is being rendered; it is stored (the claim is written
# with the page, in one round trip, and lasts as long); or the page rendered under this
# version could not be kept (a form, a redirect, a 404, a failed render), so its readers
# render it at once.
RENDERING, KEPT, UNKEPT = "rendering", "kept", "unkept"


def _claim_key(key, token):
    return f"{key}:claim:{token}"


def _claim_or_wait(key, token, today, may_claim):
    """(the page another request stored under `key` for version `token` and `today`, or
    None; this request's claim on rendering it, or None).

    A request that claims the page renders it, and stores it with the claim marked
    KEPT (`_keep`) or marks the claim UNKEPT (`_give_up`). One that finds it claimed
    waits for the page while it is being rendered, CLAIM_SECONDS at most, and renders
    it itself if none comes. A HEAD request, which stores nothing, waits for a GET's
    page but never claims. (Two readers who find a kept page gone at once may both
    render it: each clears the claim before claiming it.)
    """
    claim = _claim_key(key, token)
    deadline = time.monotonic() + CLAIM_SECONDS
    pause = WAIT_FIRST_SECONDS
    try_claim = may_claim
    while True:
        if try_claim and cache.add(claim, RENDERING, CLAIM_SECONDS):
            return None, claim
        found = cache.get_many([key, claim, VERSION_KEY])
        stored = found.get(key)
        if stored is not None and _is_current(stored, token, today):
            return stored, None
        state = found.get(claim)
        if state == UNKEPT or time.monotonic() >= deadline:
            return None, None
        if state in (None, KEPT):
            # Nobody is rendering it: the claim ran out before its page came, or its page
            # was kept and has since been evicted or overwritten by another version's.
            # The next reader claims it and stores it again if the version it read is
            # still the current one; a reader of an older version renders the page for
            # itself and keeps nothing, so that it never overwrites a newer page.
            current = found.get(VERSION_KEY)
            if not may_claim or current is None or current[0] != token:
                return None, None
            if state == KEPT:
                cache.delete(claim)
            try_claim = True
            continue
        try_claim = False
        time.sleep(pause)
        pause = min(pause * 2, WAIT_LONGEST_SECONDS)


def _give_up(claim):
    """End a claim whose page was not stored (it may not be kept, or its render failed):
    the readers waiting for it, and those who come while the claim would have stood,
    are to render it themselves."""
    cache.set(claim, UNKEPT, CLAIM_SECONDS)


def _keep(key, claim, version, today, response, coded):
    """Store a rendered page under `key` with the version and day it was rendered under,
    the time it is current until and its gzip coding (`coded`, or None), and end its
    claim; True if it was stored.

    The page is current for ICSPORTAL_PAGE_CACHE_SECONDS, and kept for
    ICSPORTAL_PAGE_CACHE_GRACE_SECONDS more, to be sent only while the database cannot
    render it afresh. The claim then says KEPT for as long as the page is current,
    written with it (one transaction on Redis). Deleting it instead would cost a round
    trip of its own, and a reader who missed the page just before it was stored could
    claim it again just after and render it a second time."""
    current = settings.ICSPORTAL_PAGE_CACHE_SECONDS
    page = (version[0], today.toordinal(), time.time() + current, response.content,
            list(response.headers.items()), coded)
    kept_for = current + settings.ICSPORTAL_PAGE_CACHE_GRACE_SECONDS
    try:
        cache.set_each({key: (page, kept_for), claim: (KEPT, current)})
    except cache_errors() as error:
        health.failed("storing a page", error)
        return False
    return True


def _stored_response(request, stored):
    """The page kept as `stored`, in the coding `request` accepts."""
    _token, _day, _current_until, content, headers, coded = stored
    response = HttpResponse(content)
    for name, value in headers:
        response.headers[name] = value
    return _in_coding(request, response, coded)


def when_database_unavailable(request, exception):
    """A page the database could not render: the copy this cache kept earlier (before
    the last change, on an earlier day or past its ICSPORTAL_PAGE_CACHE_SECONDS), when
    it still has one, else 503 (`database_unavailable`).

    Only for a database that is unreachable, restarting or too slow: a connection
    refused or lost, a statement cancelled by the web's lock or statement timeout
    (icsportal/wsgi.py). A programming error stays a 500. The copy is sent with the
    headers it was kept with, its validators those of its own version, and is not
    kept again; the claim on the page is given up, so the readers waiting for it
    render it themselves and are sent the copy too. For DATABASE_RETRY_SECONDS
    after, this process sends such a copy without asking the database.
    """
    if not isinstance(exception, DATABASE_UNAVAILABLE):
        return None
    database_health.failed()
    earlier = getattr(request, "page_kept_earlier", None)
    # The error's first line says why; the lines after it quote the statement, which
    # may hold a reader's search words.
    why = f"{type(exception).__name__}: {str(exception).partition('\n')[0]}"
    if earlier is None:
        database_logger.error("database unavailable for %s (%s)", request.path, why)
        from icsportal.views import database_unavailable

        return database_unavailable(request)
    database_logger.error("database unavailable for %s (%s); sent the page as kept "
                          "earlier", request.path, why)
    return _stored_response(request, earlier)


class PageCacheMiddleware:
    """Serve anonymous public pages from the cache and answer repeat visits with 304.

    Sits just after WhiteNoise, before the session middleware, so a cached page costs
    one cache read (of the content version and the page together) and no database query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path in LIVE_PATHS or request.path.startswith(settings.MEDIA_URL):
            # Uploads carry their own lifetime and validators (icsportal.media), not the
            # pages' content version.
            return self.get_response(request)
        if request.method in ("GET", "HEAD"):
            drop_tracking_parameters(request)
        if health.bump_owed and health.available():
            try:
                bump_content_version()
            except DATABASE_UNAVAILABLE:
                # A new version reads the schedule: still owed, made by a later request
                # once the database answers too. This one is answered as any then is.
                pass
        if not is_public_request(request):
            response = self.get_response(request)
            response.headers["Cache-Control"] = PRIVATE
            return response
        if not health.available():
            return self.uncached(request)
        today = timezone.localdate()
        key = _page_key(request)
        try:
            version, stored, earlier = _read_page(key, today)
        except cache_errors() as error:
            health.failed("reading a page", error)
            return self.uncached(request)
        except DATABASE_UNAVAILABLE as error:
            # No content version to read (a cache new or emptied), and no database to
            # ask for the schedule a new one needs: no copy either.
            return when_database_unavailable(request, error)
        etag, last_modified = _validators(version, today)
        not_modified = _not_modified(request, etag, last_modified)
        if not_modified is not None:
            return not_modified
        if earlier is not None:
            if not database_health.available():
                return _stored_response(request, earlier)
            request.page_kept_earlier = earlier
        claim = None
        if stored is None and settings.ICSPORTAL_PAGE_CACHE:
            try:
                stored, claim = _claim_or_wait(key, version[0], today,
                                               request.method == "GET")
            except cache_errors() as error:
                health.failed("waiting for a page", error)
                return self.uncached(request)
        if stored is not None:
            response = _stored_response(request, stored)
        else:
            response, shared = self.render_and_keep(request, key, version, today, etag,
                                                    last_modified, claim)
            if not shared:
                return response
        return get_conditional_response(
            request, etag=etag, last_modified=last_modified, response=response
        )

    def process_exception(self, request, exception):
        """A page the database could not render (`when_database_unavailable`)."""
        return when_database_unavailable(request, exception)

    def render_and_keep(self, request, key, version, today, etag, last_modified, claim):
        """(the page rendered afresh with its public headers, whether others may keep
        it); stored under `key` when it may be kept and this request claimed it (only a
        GET claims), and the claim ended whatever happens."""
        kept = False
        try:
            response, shared = self.rendered(request)
            if shared:
                public_headers(response, etag, last_modified)
                if claim is not None:
                    coded = gzipped(response)
                    kept = _keep(key, claim, version, today, response, coded)
                    _in_coding(request, response, coded)
                else:
                    _coded_for(request, response)
        finally:
            # A cache that failed just now is left alone (CacheHealth): the claim runs out.
            if claim is not None and not kept and health.available():
                try:
                    _give_up(claim)
                except cache_errors() as error:
                    health.failed("giving up a page", error)
        return response, shared

    def rendered(self, request):
        """(the page rendered afresh, whether others may keep it); a personal page is
        marked private, and a public stream (a download) is compressed as it goes for a
        reader who accepts gzip: it is never kept, so never compressed once."""
        response = self.get_response(request)
        if _is_personal(request, response):
            response.headers["Cache-Control"] = PRIVATE
            return response, False
        if response.streaming and _is_public(response) and accepts_gzip(request):
            send_gzipped_stream(response)
        return response, _is_storable(response)

    def uncached(self, request):
        """A public page while the cache is unavailable: rendered afresh, without the
        ETag and Last-Modified that only the content version can give. It is as current
        as any, so browsers and a CDN may still keep it for max-age."""
        response, shared = self.rendered(request)
        return _coded_for(request, public_headers(response)) if shared else response
