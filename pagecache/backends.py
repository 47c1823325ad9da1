"""Django's Redis cache backend, for which an outage is a miss rather than a server error.

Everything the site keeps in the cache (pages, shared counts, sessions' cached copies, the API's rate
counts) can be computed again or read from the database, so an unreachable Redis must slow the site
down, never stop it. Each call that fails answers as an empty cache would (a miss, nothing stored),
and for RETRY_SECONDS afterwards the process does not read from Redis again: requests are not slowed by
a connection attempt each. Writes and deletes are always tried, so that a change of the data (the page
cache's stamp, a logout) is never skipped while Redis answers. The outage is logged at most once a
minute by each process.

Set as the backend when REDIS_URL is set (config/settings.py); give the connection short timeouts in
OPTIONS (socket_connect_timeout, socket_timeout) so that a Redis that hangs fails as fast as one that
refuses.
"""

import functools
import logging
import time

from django.core.cache.backends import redis
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5
LOG_EVERY_SECONDS = 60


def _miss(default, always_try=False):
    """Wrap a cache method so that a Redis error, or a recent one for a read, returns `default(args)`."""

    def decorator(method):
        @functools.wraps(method)
        def guarded(self, *args, **kwargs):
            if not always_try and time.monotonic() < self._down_until:
                return default(*args, **kwargs)
            try:
                return method(self, *args, **kwargs)
            except RedisError as error:
                self._went_down(error)
                return default(*args, **kwargs)

        return guarded

    return decorator


def _nothing(*args, **kwargs):
    return None


def _false(*args, **kwargs):
    return False


def _default(key, default=None, *args, **kwargs):
    return default


def _no_values(*args, **kwargs):
    return {}


def _all_failed(data, *args, **kwargs):
    return list(data)


class RedisCacheClient(redis.RedisCacheClient):
    """Django's client, keeping the redis.Redis client of each connection pool: Django's makes one for every
    call, which copies redis-py's table of some 170 commands (60-160 µs, where a page cache hit costs about
    2 ms). A redis.Redis is safe to share between threads: it takes a connection from its pool for each
    command."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        # The pool of the server chosen here: Django's _get_connection_pool() draws a replica of its own.
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(self._servers[index], **self._pool_options)
            client = self._clients[index] = self._client(connection_pool=self._pools[index])
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
        self._down_until = 0.0
        self._logged_at = None

    def _went_down(self, error):
        self._down_until = time.monotonic() + RETRY_SECONDS
        if self._logged_at is None or time.monotonic() - self._logged_at >= LOG_EVERY_SECONDS:
            self._logged_at = time.monotonic()
            logger.warning("The cache is unreachable (%s): pages are served without it until it is back.", error)

    def ping(self):
        """Whether Redis answers now, whatever the last calls gave: for the health endpoint."""
        try:
            return bool(self._cache.get_client(write=False).ping())
        except RedisError:
            return False

    # Reads: a miss. `set` answers False when it failed (Django's own answers None), so that the page
    # cache knows a stamp it wrote did not reach Redis.
    add = _miss(_false)(redis.RedisCache.add)
    get = _miss(_default)(redis.RedisCache.get)
    get_many = _miss(_no_values)(redis.RedisCache.get_many)
    has_key = _miss(_false)(redis.RedisCache.has_key)
    set = _miss(_false, always_try=True)(redis.RedisCache.set)
    touch = _miss(_false, always_try=True)(redis.RedisCache.touch)
    delete = _miss(_false, always_try=True)(redis.RedisCache.delete)
    incr = _miss(_nothing, always_try=True)(redis.RedisCache.incr)
    set_many = _miss(_all_failed, always_try=True)(redis.RedisCache.set_many)
    delete_many = _miss(_nothing, always_try=True)(redis.RedisCache.delete_many)
    clear = _miss(_false, always_try=True)(redis.RedisCache.clear)
