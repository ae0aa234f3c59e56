"""Each app process's own copy of the store generation, kept in step with
Redis by publish/subscribe, so a cache hit needs no network round trip.

The round trip for `gen` was most of the cost of a hit. Instead each
process runs a watcher thread that subscribes to purge announcements and
keeps a local copy. Freshness stays strict, not eventual:

- A purge increments `gen`, writes the tags, publishes the new value, and
  then waits until every live process has acknowledged a value at least as
  new, before the publish action returns.
- A process is live while it renews its membership, every 0.2 s, with an
  expiry 1 s ahead on Redis's clock. A purge waits for live members only,
  and for at most 1 s; a process that could not renew (stalled, cut off)
  stops trusting its copy after 0.6 s and reads `gen` from Redis again,
  before the purger could have given up on it.
- A watcher (re)subscribes before it reads `gen`, so no announcement falls
  between the two.
"""

import logging
import os
import threading
import time
import uuid

log = logging.getLogger(__name__)

RENEW_EVERY = 0.2  # seconds
MEMBER_TTL = 1.0  # how long a renewal keeps a process counted as live
TRUST_FOR = 0.6  # how long a process trusts its copy after a renewal
ACK_WAIT = 1.0  # the longest a purge waits for acknowledgements


def _names(prefix: str) -> dict:
    return {
        "channel": f"{prefix}:pagecache:purges",
        "members": f"{prefix}:pagecache:members",
        "acks": f"{prefix}:pagecache:acks",
    }


def _redis_now(client) -> float:
    seconds, micros = client.time()
    return seconds + micros / 1e6


class Watcher:
    def __init__(self, url: str, prefix: str, gen_key: str):
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=2)
        self.names = _names(prefix)
        self.gen_key = gen_key
        self.id = uuid.uuid4().hex
        self.gen = None
        self.trusted_until = 0.0  # time.monotonic()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name="pagecache-watcher", daemon=True)
        self.thread.start()

    def current(self):
        """The local generation, or None when it cannot be trusted."""
        if self.gen is not None and time.monotonic() < self.trusted_until:
            return self.gen
        return None

    def _renew(self) -> None:
        started = time.monotonic()
        pipe = self.client.pipeline()
        pipe.hset(self.names["acks"], self.id, self.gen)
        pipe.zadd(self.names["members"], {self.id: _redis_now(self.client) + MEMBER_TTL})
        pipe.execute()
        self.trusted_until = started + TRUST_FOR

    def _run(self) -> None:
        while not self.stopped.is_set():
            try:
                self._watch()
            except Exception as error:
                self.trusted_until = 0.0  # hits read gen from Redis meanwhile
                log.warning("page cache watcher lost Redis (%s); retrying", error)
                self.stopped.wait(0.5)

    def _watch(self) -> None:
        pubsub = self.client.pubsub(ignore_subscribe_messages=True)
        pubsub.subscribe(self.names["channel"])
        try:
            # Subscribed first, then read: nothing announced in between is missed.
            value = self.client.get(self.gen_key)
            if value is None:
                # Redis came back empty (a restart): every tag version went
                # with it. The counter starts again from the clock, above any
                # value handed out before (as store.current_gen does), so this
                # process's copies are checked again, not trusted at the old
                # value, under which they would look fresh.
                self.client.set(self.gen_key, time.time_ns(), nx=True)
                value = self.client.get(self.gen_key)
            self.gen = max(self.gen or 0, int(value))
            self._renew()
            renewed = time.monotonic()
            while not self.stopped.is_set():
                message = pubsub.get_message(timeout=RENEW_EVERY)
                if message is not None and message["type"] == "message":
                    self.gen = max(self.gen, int(message["data"]))
                    self._renew()
                    renewed = time.monotonic()
                elif time.monotonic() - renewed >= RENEW_EVERY:
                    self._renew()
                    renewed = time.monotonic()
        finally:
            self.trusted_until = 0.0
            pubsub.close()

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join(2)
        self.client.zrem(self.names["members"], self.id)
        self.client.hdel(self.names["acks"], self.id)


def announce(url: str, prefix: str, gen: int) -> bool:
    """Publish a purge and wait until every live process has taken it in.
    Returns False if some did not within ACK_WAIT (they then distrust their
    copy on their own before the purger gives up on them)."""
    import redis

    client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
    names = _names(prefix)
    try:
        # Forget processes that stopped renewing (restarts leave them behind).
        gone = client.zrangebyscore(names["members"], "-inf", _redis_now(client))
        if gone:
            client.zrem(names["members"], *gone)
            client.hdel(names["acks"], *gone)
        client.publish(names["channel"], gen)
        deadline = time.monotonic() + ACK_WAIT
        while True:
            live = client.zrangebyscore(names["members"], _redis_now(client), "+inf")
            acks = client.hmget(names["acks"], live) if live else []
            if all(a is not None and int(a) >= gen for a in acks):
                return True
            if time.monotonic() > deadline:
                log.warning("page cache purge %s: %d processes did not acknowledge in time", gen, len(live))
                return False
            time.sleep(0.001)
    finally:
        client.close()


_watchers: dict = {}
_lock = threading.Lock()


def watcher(url: str, prefix: str, gen_key: str) -> Watcher:
    """This process's watcher for a store, started on first use (after any
    fork: a child does not inherit its parent's thread)."""
    key = (os.getpid(), url, prefix, gen_key)
    found = _watchers.get(key)
    if found is None:
        with _lock:
            found = _watchers.get(key)
            if found is None:
                found = _watchers[key] = Watcher(url, prefix, gen_key)
    return found
