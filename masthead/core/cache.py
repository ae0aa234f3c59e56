"""The default cache on Redis, failing open. Wagtail keeps site root paths
in it and every page builds URLs from them; the rate limits count in it. A
stopped Redis would make each of those an error page. Here a read from an
unreachable Redis is a miss and a write is dropped, so pages are built from
the database (slower, not broken) until Redis returns. The page cache has
its own alias and its own fall-back (pagecache/wsgi.py, purge.py), which
needs to see the error, so it keeps the plain backend."""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

log = logging.getLogger(__name__)
_said = [0.0]  # when this process last logged the outage


def _down(error) -> None:
    if time.monotonic() - _said[0] > 10:  # once in ten seconds, not on every read
        _said[0] = time.monotonic()
        log.warning("the cache is unreachable; carrying on without it (%s)", error)


class FailOpenRedisCache(RedisCache):
    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as error:
            _down(error)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except RedisError as error:
            _down(error)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except RedisError as error:
            _down(error)
            return False

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except RedisError as error:
            _down(error)
            return False

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except RedisError as error:
            _down(error)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except RedisError as error:
            _down(error)
            return list(data)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except RedisError as error:
            _down(error)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except RedisError as error:
            _down(error)
            return False

    def delete_many(self, keys, version=None):
        try:
            super().delete_many(keys, version)
        except RedisError as error:
            _down(error)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except RedisError as error:
            _down(error)
            raise ValueError(f"Key {key!r} not found (the cache is unreachable)") from None
