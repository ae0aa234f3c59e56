"""The default cache on Redis, failing open. Wagtail keeps site root paths
in it and every page builds URLs from them; the rate limits count in it. A
stopped Redis would make each of those an error page. Here a read from an
unreachable Redis is a miss and a write is dropped, so pages are built from
the database (slower, not broken) until Redis returns. The page cache has
its own alias and its own fall-back (pagecache/wsgi.py, purge.py), which
needs to see the error, so it keeps the plain backend."""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

log = logging.getLogger(__name__)
_said = [0.0]  # when this process last logged the outage


def _down(error) -> None:
    if time.monotonic() - _said[0] > 10:  # once in ten seconds, not on every read
        _said[0] = time.monotonic()
        log.warning("the cache is unreachable; carrying on without it (%s)", error)


def _or(answer):
    """The RedisCache method, answering `answer(*args)` when Redis is unreachable."""

    def wrap(method):
        @functools.wraps(method)
        def failing_open(self, *args, **kwargs):
            try:
                return getattr(super(FailOpenRedisCache, self), method.__name__)(*args, **kwargs)
            except RedisError as error:
                _down(error)
                return answer(*args, **kwargs)

        return failing_open

    return wrap


def _missing(key, *args, **kwargs):
    raise ValueError(f"Key {key!r} not found (the cache is unreachable)")


class FailOpenRedisCache(RedisCache):
    @_or(lambda key, default=None, *a, **k: default)
    def get(self): ...

    @_or(lambda *a, **k: {})
    def get_many(self): ...

    @_or(lambda *a, **k: False)
    def has_key(self): ...

    @_or(lambda *a, **k: False)
    def add(self): ...

    @_or(lambda *a, **k: None)
    def set(self): ...

    @_or(lambda data, *a, **k: list(data))
    def set_many(self): ...

    @_or(lambda *a, **k: False)
    def touch(self): ...

    @_or(lambda *a, **k: False)
    def delete(self): ...

    @_or(lambda *a, **k: None)
    def delete_many(self): ...

    @_or(_missing)
    def incr(self): ...
