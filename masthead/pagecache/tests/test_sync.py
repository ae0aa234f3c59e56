"""Processes keep their copy of the store generation in step over a real
Redis: a purge returns only once every live process has taken it in."""

import time
import uuid

import pytest

from masthead.pagecache import sync
from masthead.redis_testing import REDIS_URL, forget, require_redis


@pytest.fixture
def redis_prefix():
    import redis

    require_redis()
    prefix = f"test-sync-{uuid.uuid4().hex}"
    redis.Redis.from_url(REDIS_URL).set(f"{prefix}:gen", 100)
    yield prefix
    forget(prefix)


def until(condition, seconds=5.0):
    """Poll for a state the code under test promises to reach."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "never reached"
        time.sleep(0.01)


def test_a_purge_returns_only_after_every_live_process_has_it(redis_prefix):
    watchers = [sync.Watcher(REDIS_URL, redis_prefix, f"{redis_prefix}:gen") for _ in range(3)]
    try:
        until(lambda: all(w.current() == 100 for w in watchers))
        for gen in range(101, 121):
            assert sync.announce(REDIS_URL, redis_prefix, gen)
            # No waiting here: announce returned, so every copy is current.
            assert [w.current() for w in watchers] == [gen, gen, gen]
    finally:
        for w in watchers:
            w.stop()


def test_a_process_that_stops_renewing_stops_trusting_its_copy(redis_prefix):
    w = sync.Watcher(REDIS_URL, redis_prefix, f"{redis_prefix}:gen")
    until(lambda: w.current() == 100)
    w.stopped.set()  # its thread stops renewing, as if stalled
    until(lambda: w.current() is None)
    w.stop()


def test_a_silent_member_is_waited_for_only_until_it_expires(redis_prefix):
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    names = sync._names(redis_prefix)
    client.zadd(names["members"], {"stalled": sync._redis_now(client) + 0.3})
    client.hset(names["acks"], "stalled", 1)
    assert sync.announce(REDIS_URL, redis_prefix, 101)  # returns once it has expired
    sync.announce(REDIS_URL, redis_prefix, 102)  # and forgets it
    assert client.zscore(names["members"], "stalled") is None
    assert client.hget(names["acks"], "stalled") is None


def test_a_member_that_never_answers_is_given_up_on(redis_prefix):
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    names = sync._names(redis_prefix)
    client.zadd(names["members"], {"stuck": sync._redis_now(client) + 60})
    client.hset(names["acks"], "stuck", 1)
    assert sync.announce(REDIS_URL, redis_prefix, 101) is False


def test_after_redis_comes_back_empty_a_process_moves_past_its_old_copy(redis_prefix):
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    w = sync.Watcher(REDIS_URL, redis_prefix, f"{redis_prefix}:gen")
    try:
        until(lambda: w.current() == 100)
        client.delete(f"{redis_prefix}:gen")  # what a restart without persistence leaves
        for connection in client.client_list(_type="pubsub"):
            client.client_kill_filter(_id=connection["id"])  # the watcher's connection drops
        until(lambda: (w.current() or 0) > 100)
        assert int(client.get(f"{redis_prefix}:gen")) == w.current() > time.time_ns() - 60e9
    finally:
        w.stop()
