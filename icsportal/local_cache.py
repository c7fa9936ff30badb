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

Keys that start with `icsportal.caching.SHARED` are kept the same way, in a second
file beside it, with their expiry: what must be counted for the whole site rather than
per worker, such as the public question form's limit per address. They are written
once for each thing counted (a question sent), never on a page's way, so rewriting the
whole file under the lock is cheap enough; their values must be JSON (numbers,
strings).

Several machines without Redis would still each have their own version and counts:
CACHE_URL is what a site served from more than one machine needs.
"""

import contextlib
import fcntl
import hashlib
import json
import os
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache

from icsportal.caching import SHARED, VERSION_KEY


class LocalCache(LocMemCache):
    """LocMemCache, except for VERSION_KEY and the SHARED keys, which live in files
    shared by the processes that serve the same database from this machine."""

    def __init__(self, name, params):
        super().__init__(name, params)
        self._file = (None, None)  # ((its directory, the database), its path)
        self._parsed = (None, None)  # (the file's bytes, their version): one tuple, so
        # that a thread never pairs one version's bytes with another's value

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
        """The file of the shared keys, beside the version's and named after it."""
        version_file = self.version_file()
        return version_file.with_name(version_file.name.replace("content-version-", "shared-"))

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
        _replace(self.version_file(), list(value))

    @contextlib.contextmanager
    def _writing(self, path=None):
        """Held by every writer of the version (or of the shared keys, `path`), in any
        process, for its read and write."""
        path = path or self.version_file()
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with open(path.with_name(path.name + ".lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def _read_shared(self):
        """{key: [value, expiry or None]} of the shared keys still current."""
        try:
            entries = json.loads(self.shared_file().read_bytes())
        except (FileNotFoundError, ValueError):  # none yet, or not what we wrote
            return {}
        if not isinstance(entries, dict):
            return {}
        now = time.time()
        return {key: entry for key, entry in entries.items()
                if isinstance(entry, list) and len(entry) == 2
                and (entry[1] is None or entry[1] > now)}

    @contextlib.contextmanager
    def _changing_shared(self):
        """The current shared keys, to change in place; written back whole, the expired
        ones left out, when the block ends without an error."""
        path = self.shared_file()
        with self._writing(path):
            entries = self._read_shared()
            yield entries
            _replace(path, entries)

    def _shared_entry(self, value, timeout):
        """[value, the time it expires (None: never)], as the shared file holds it."""
        return [value, self.get_backend_timeout(timeout)]

    def get(self, key, default=None, version=None):
        if key == VERSION_KEY:
            value = self._read_version()
            return default if value is None else value
        if key.startswith(SHARED):
            entry = self._read_shared().get(self.make_and_validate_key(key, version))
            return default if entry is None else entry[0]
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
            return self.make_and_validate_key(key, version) in self._read_shared()
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
            with self._changing_shared() as entries:
                if name in entries:
                    return False
                entries[name] = self._shared_entry(value, timeout)
                return True
        return super().add(key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if key == VERSION_KEY:
            with self._writing():
                self._write_version(value)
            return
        if key.startswith(SHARED):
            with self._changing_shared() as entries:
                name = self.make_and_validate_key(key, version)
                entries[name] = self._shared_entry(value, timeout)
            return
        super().set(key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        if key.startswith(SHARED):
            name = self.make_and_validate_key(key, version)
            with self._changing_shared() as entries:
                if name not in entries:
                    return False
                entries[name][1] = self.get_backend_timeout(timeout)
                return True
        return super().touch(key, timeout, version)

    def incr(self, key, delta=1, version=None):
        if key.startswith(SHARED):
            name = self.make_and_validate_key(key, version)
            with self._changing_shared() as entries:
                if name not in entries:
                    raise ValueError(f"Key '{key}' not found")
                entries[name][0] += delta
                return entries[name][0]
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
            with self._changing_shared() as entries:
                return entries.pop(name, None) is not None
        return super().delete(key, version)

    def clear(self):
        super().clear()
        self.delete(VERSION_KEY)
        with self._writing(self.shared_file()):
            self.shared_file().unlink(missing_ok=True)


def _replace(path, value):
    """Write `value` as JSON to `path` at once: readers see the old file or the new."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    try:
        with open(temporary, "w", encoding="utf-8") as stream:
            json.dump(value, stream)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
