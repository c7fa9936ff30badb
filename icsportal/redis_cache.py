"""Django's Redis cache backend, keeping one redis-py client per connection pool.

Django's client builds a new `redis.Redis` for every cache call, and each one fills
redis-py's table of response callbacks afresh: about half of the client CPU of a GET
(140 µs a call on the bench machine). The client object holds no connection of its
own and is safe to share between threads, so one per pool is kept and reused.
CACHE_URL selects this backend (`icsportal.settings.cache_config`).

It adds `set_if_unchanged`, a compare-and-set, which the content version needs
(`icsportal.caching`), and `set_each`, several keys with a timeout each in one round
trip, which a kept page and its claim need; Django's cache API offers neither.
"""

from django.core.cache.backends import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client

    def set_if_unchanged(self, key, expected, value, timeout):
        """Set `key` to `value` if it holds `expected`, atomically: WATCH the key, read
        it, and set it in a MULTI block that Redis refuses if anything wrote the key
        since the WATCH."""
        with self.get_client(key, write=True).pipeline() as pipe:
            try:
                pipe.watch(key)
                stored = pipe.get(key)
                if stored is None or self._serializer.loads(stored) != expected:
                    return False
                pipe.multi()
                if timeout == 0:  # as Django's set: a timeout of 0 expires the key now
                    pipe.delete(key)
                else:
                    pipe.set(key, self._serializer.dumps(value), ex=timeout)
                pipe.execute()
            except self._lib.WatchError:
                return False
        return True


    def set_each(self, items):
        """Set each key of `items` to its (value, timeout) in one transaction."""
        with self.get_client(None, write=True).pipeline() as pipe:
            for key, (value, timeout) in items.items():
                if timeout == 0:  # as Django's set: a timeout of 0 expires the key now
                    pipe.delete(key)
                else:
                    pipe.set(key, self._serializer.dumps(value), ex=timeout)
            pipe.execute()


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    def set_if_unchanged(self, key, expected, value, timeout=DEFAULT_TIMEOUT, version=None):
        """Set `key` to `value` only if it still holds `expected`; True if it was set."""
        key = self.make_and_validate_key(key, version=version)
        return self._cache.set_if_unchanged(key, expected, value,
                                            self.get_backend_timeout(timeout))

    def set_each(self, items, version=None):
        """Set each key of `items` to its (value, timeout), as one write."""
        self._cache.set_each({
            self.make_and_validate_key(key, version=version):
                (value, self.get_backend_timeout(timeout))
            for key, (value, timeout) in items.items()
        })
