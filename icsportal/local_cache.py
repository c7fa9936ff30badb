"""The default cache: each process's own memory, and the content version in a file that
every process of the site on this machine reads.

With Django's local-memory cache each gunicorn worker had its own content version
(`icsportal.caching`): an edit made through one worker reached the pages the others
had cached only when those expired, up to ICSPORTAL_PAGE_CACHE_SECONDS later, and each
worker handed out ETags of its own, so a revalidation reaching another worker was
rendered in full. The pages stay in each worker's memory; the version, one small value
read on every request, is kept in a file, so an edit or a scheduled change made by any
process reaches every worker's next request, as it does with Redis.

The file is named after the database, so two sites on one machine (the bench serves
two archives at once) keep versions of their own: a version ends at the first
scheduled change of its own database. It is in ICSPORTAL_STATE_DIR, which must be
writable. Its value is JSON, never unpickled. Readers read it whole (a few µs) and
writers replace it whole (`os.replace`), so a reader never sees half a version; the
writers' read-compare-write is held under an exclusive `flock` on a lock file beside it.

Keys that start with `icsportal.caching.SHARED` are kept in a small SQLite database
beside the version's file, with their expiry: what must be counted for the whole site
rather than per worker, such as the public question form's limit per address. Each
change is a transaction that holds off the other writers (`BEGIN IMMEDIATE`), so an
increment from one worker is never lost to another's, and each costs the same however
many keys there are. Only what is counted touches it, never a page's way. Their values
must be JSON (numbers, strings).

The pages in a process's memory are bounded by their bytes (MAX_BYTES, from
ICSPORTAL_LOCAL_CACHE_MB), not only by their number: every address is a page of its
own, a search's or one with a made-up parameter (`?x=1`), and with 5,000 entries a
stream of such addresses grew each worker by hundreds of megabytes of pages nobody
would read again. Past the bound the least recently read go first, so the pages
readers keep asking for stay.

Several machines without Redis would still each have their own version and counts:
CACHE_URL is what a site served from more than one machine needs.
"""

import contextlib
import fcntl
import hashlib
import json
import os
import secrets
import sqlite3
import time
from pathlib import Path

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache

from icsportal.caching import SHARED, VERSION_KEY

_INHERITED = []  # connections to the shared keys made by a parent process


class _Bytes:
    """What a process's entries of one cache hold, in bytes: each key's pickled value
    and the key itself, and their total. Kept per cache name, as LocMemCache keeps its
    entries, so that every thread's instance counts the same entries."""

    def __init__(self):
        self.of = {}
        self.total = 0

    def add(self, key, size):
        self.forget(key)
        self.of[key] = size
        self.total += size

    def forget(self, key):
        self.total -= self.of.pop(key, 0)

    def clear(self):
        self.of.clear()
        self.total = 0


_BYTES = {}


class LocalCache(LocMemCache):
    """LocMemCache, except for VERSION_KEY and the SHARED keys, which live in files
    shared by the processes that serve the same database from this machine."""

    def __init__(self, name, params):
        super().__init__(name, params)
        self._max_bytes = params.get("OPTIONS", {}).get("MAX_BYTES")
        self._bytes = _BYTES.setdefault(name, _Bytes())
        self._file = (None, None)  # ((its directory, the database), its path)
        self._parsed = (None, None)  # (the file's bytes, their version): one tuple, so
        # that a thread never pairs one version's bytes with another's value
        self._shared = (None, None)  # ((its path, the process), a connection)

    # LocMemCache's own bookkeeping, under its lock: each entry's bytes are counted as it
    # is stored and forgotten as it goes, and past MAX_BYTES the least recently read go.
    def _set(self, key, value, timeout=DEFAULT_TIMEOUT):
        super()._set(key, value, timeout)
        self._bytes.add(key, len(key) + len(value))
        while self._max_bytes and self._bytes.total > self._max_bytes and len(self._cache) > 1:
            self._delete(next(reversed(self._cache)))  # read least recently

    def _cull(self):
        super()._cull()
        for key in self._bytes.of.keys() - self._cache.keys():
            self._bytes.forget(key)

    def _delete(self, key):
        self._bytes.forget(key)
        return super()._delete(key)

    def version_file(self):
        """The file of the default database's version, in ICSPORTAL_STATE_DIR."""
        database = settings.DATABASES["default"]
        identity = tuple(str(database.get(part)) for part in ("ENGINE", "NAME", "HOST", "PORT"))
        directory = settings.ICSPORTAL_STATE_DIR
        named_after, path = self._file
        if (directory, identity) != named_after:
            digest = hashlib.sha256("\0".join(identity).encode()).hexdigest()[:16]
            path = Path(directory) / f"content-version-{digest}.json"
            self._file = ((directory, identity), path)
        return path

    def shared_file(self):
        """The SQLite database of the shared keys, beside the version's file and named
        after the same database."""
        version_file = self.version_file()
        return version_file.with_name(
            version_file.name.replace("content-version-", "shared-").replace(".json", ".sqlite3"))

    def _read_version(self):
        """The stored version, or None when there is none (or what is there is not one)."""
        try:
            descriptor = os.open(self.version_file(), os.O_RDONLY)
        except FileNotFoundError:
            return None
        try:
            raw = os.read(descriptor, 4096)
        finally:
            os.close(descriptor)
        parsed_raw, value = self._parsed
        if raw != parsed_raw:
            try:
                value = json.loads(raw)
            except ValueError:
                value = None
            value = tuple(value) if isinstance(value, list) else None
            self._parsed = (raw, value)
        return value

    def _write_version(self, value):
        """Write the version at once: readers see the old file or the new."""
        path = self.version_file()
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        try:
            with open(temporary, "w", encoding="utf-8") as stream:
                json.dump(list(value), stream)
            os.replace(temporary, path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise

    @contextlib.contextmanager
    def _writing(self):
        """Held by every writer of the version, in any process, for its read and write."""
        path = self.version_file()
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with open(path.with_name(path.name + ".lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def _shared_db(self):
        """This process's connection to the shared keys' database, made on first use (and
        again in a process forked after it was made)."""
        path = self.shared_file()
        made_for, connection = self._shared
        if made_for != (path, os.getpid()):
            if made_for and made_for[1] != os.getpid():
                # SQLite's rule: a connection made before a fork is never used or closed
                # after it, in the child. Kept, so that collecting it does not close it.
                _INHERITED.append(connection)
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            connection = sqlite3.connect(path, timeout=5, isolation_level=None)
            # Readers never wait for a writer; a commit is not synced to disk, as a count
            # of the last hour's questions need not outlive a power cut.
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")
            connection.execute(
                "CREATE TABLE IF NOT EXISTS shared (key TEXT PRIMARY KEY, value TEXT NOT NULL,"
                " expires REAL)")
            connection.execute("CREATE INDEX IF NOT EXISTS shared_expires ON shared (expires)")
            self._shared = ((path, os.getpid()), connection)
        return connection

    @contextlib.contextmanager
    def _shared_keys(self, write=False):
        """The shared keys' database, in a transaction that holds off every other writer
        when `write`. SQLite's errors come out as OSError: the cache could not be
        reached, which callers already survive (`icsportal.caching.cache_errors`)."""
        try:
            connection = self._shared_db()
            if not write:
                yield connection
                return
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
        except sqlite3.Error as error:
            raise OSError(f"the shared cache keys in {self.shared_file()}: {error}") from error

    def _shared_value(self, connection, name):
        """The JSON of `name`'s current value, or None."""
        row = connection.execute(
            "SELECT value FROM shared WHERE key = ? AND (expires IS NULL OR expires > ?)",
            (name, time.time())).fetchone()
        return row and row[0]

    def get(self, key, default=None, version=None):
        if key == VERSION_KEY:
            value = self._read_version()
            return default if value is None else value
        if key.startswith(SHARED):
            with self._shared_keys() as connection:
                value = self._shared_value(connection, self.make_and_validate_key(key, version))
            return default if value is None else json.loads(value)
        return super().get(key, default, version)

    def get_many(self, keys, version=None):
        found = super().get_many([key for key in keys if key != VERSION_KEY], version)
        if VERSION_KEY in keys and (value := self._read_version()) is not None:
            found[VERSION_KEY] = value
        return found

    def has_key(self, key, version=None):
        if key == VERSION_KEY:
            return self._read_version() is not None
        if key.startswith(SHARED):
            with self._shared_keys() as connection:
                name = self.make_and_validate_key(key, version)
                return self._shared_value(connection, name) is not None
        return super().has_key(key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if key == VERSION_KEY:
            with self._writing():
                if self._read_version() is not None:
                    return False
                self._write_version(value)
                return True
        if key.startswith(SHARED):
            name = self.make_and_validate_key(key, version)
            with self._shared_keys(write=True) as connection:
                # What has expired goes first: the table holds only what is current.
                connection.execute("DELETE FROM shared WHERE expires <= ?", (time.time(),))
                added = connection.execute(
                    "INSERT INTO shared VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING",
                    (name, json.dumps(value), self.get_backend_timeout(timeout)))
                return added.rowcount == 1
        return super().add(key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if key == VERSION_KEY:
            with self._writing():
                self._write_version(value)
            return
        if key.startswith(SHARED):
            name = self.make_and_validate_key(key, version)
            with self._shared_keys(write=True) as connection:
                connection.execute(
                    "INSERT INTO shared VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE"
                    " SET value = excluded.value, expires = excluded.expires",
                    (name, json.dumps(value), self.get_backend_timeout(timeout)))
            return
        super().set(key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        if key.startswith(SHARED):
            name = self.make_and_validate_key(key, version)
            with self._shared_keys(write=True) as connection:
                touched = connection.execute(
                    "UPDATE shared SET expires = ? WHERE key = ?"
                    " AND (expires IS NULL OR expires > ?)",
                    (self.get_backend_timeout(timeout), name, time.time()))
                return touched.rowcount == 1
        return super().touch(key, timeout, version)

    def incr(self, key, delta=1, version=None):
        if key.startswith(SHARED):
            name = self.make_and_validate_key(key, version)
            with self._shared_keys(write=True) as connection:
                value = self._shared_value(connection, name)
                if value is None:
                    raise ValueError(f"Key '{key}' not found")
                value = json.loads(value) + delta
                connection.execute("UPDATE shared SET value = ? WHERE key = ?",
                                   (json.dumps(value), name))
                return value
        return super().incr(key, delta, version)

    def set_if_unchanged(self, key, expected, value, timeout=DEFAULT_TIMEOUT, version=None):
        """Set `key` to `value` only if it still holds `expected`; True if it was set. (The
        content version needs it: `icsportal.caching._set_if_unchanged`.)"""
        if key != VERSION_KEY:
            raise ValueError(f"only {VERSION_KEY} is compared and set")
        with self._writing():
            if self._read_version() != expected:
                return False
            self._write_version(value)
            return True

    def set_each(self, items, version=None):
        """Set each key of `items` to its (value, timeout), as Redis's backend does in
        one write (`icsportal.redis_cache`)."""
        for key, (value, timeout) in items.items():
            self.set(key, value, timeout, version)

    def delete(self, key, version=None):
        if key == VERSION_KEY:
            with self._writing():
                try:
                    self.version_file().unlink()
                except FileNotFoundError:
                    return False
                return True
        if key.startswith(SHARED):
            name = self.make_and_validate_key(key, version)
            with self._shared_keys(write=True) as connection:
                deleted = connection.execute(
                    "DELETE FROM shared WHERE key = ? AND (expires IS NULL OR expires > ?)",
                    (name, time.time()))
                return deleted.rowcount == 1
        return super().delete(key, version)

    def clear(self):
        with self._lock:
            self._cache.clear()
            self._expire_info.clear()
            self._bytes.clear()
        self.delete(VERSION_KEY)
        if self.shared_file().exists():  # not made just to be emptied
            with self._shared_keys(write=True) as connection:
                connection.execute("DELETE FROM shared")
