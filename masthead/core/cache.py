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


def _missing(key, *args, **kwargs):
    raise ValueError(f"Key {key!r} not found (the cache is unreachable)")


# What each RedisCache method answers while Redis is unreachable: reads
# miss, writes are dropped, `incr` finds no key (as for an evicted one).
_ANSWERS = {
    "get": lambda key, default=None, *a, **k: default,
    "get_many": lambda *a, **k: {},
    "has_key": lambda *a, **k: False,
    "add": lambda *a, **k: False,
    "set": lambda *a, **k: None,
    "set_many": lambda data, *a, **k: list(data),
    "touch": lambda *a, **k: False,
    "delete": lambda *a, **k: False,
    "delete_many": lambda *a, **k: None,
    "incr": _missing,
}


def _failing_open(name: str, answer):
    method = getattr(RedisCache, name)

    @functools.wraps(method)
    def failing_open(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except RedisError as error:
            _down(error)
            return answer(*args, **kwargs)

    return failing_open


FailOpenRedisCache = type(
    "FailOpenRedisCache",
    (RedisCache,),
    {"__module__": __name__, **{name: _failing_open(name, answer) for name, answer in _ANSWERS.items()}},
)
