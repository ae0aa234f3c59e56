"""The page store: whole responses under tags, invalidated by tag versions.

Layout in the Django cache named "pagecache" (local memory, or Redis shared
by every app server when REDIS_URL is set):

- `gen`: a counter. A render reads it before touching the database and
  stores it with its entry.
- `t:<tag>`: the counter's value when the tag was last purged.
- `e:<key>`: an entry: status, headers, body, tags, the `gen` it was
  rendered at.

An entry is fresh while none of its tags was purged after its render began:
every `t:<tag>` <= entry gen. A purge runs after the change commits: it
increments `gen` and writes the new value to each tag, so a render that
began before the commit (and may have read the old state) is stale, and one
that began after is fresh. A purge is one increment and one multi-set,
whatever the size of the cache; nothing is scanned or deleted.

Keys that vanish (eviction, a Redis restart) fail safe: a missing tag
version makes the entry stale, and a missing `gen` is restarted from the
clock, above any value handed out before.
"""

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches

from masthead.pagecache import journal, sync

GEN = "gen"
# How long an entry may live in the store at all; freshness is decided by
# tags, this only bounds memory for pages nobody reads.
ENTRY_TTL = 7 * 24 * 3600


@dataclass(frozen=True, slots=True)
class Entry:
    status: int
    headers: tuple
    body: bytes
    tags: tuple
    gen: int
    etag: str


def _cache():
    return caches["pagecache"]


def _sync():
    """(Redis URL, key prefix) when processes keep their own copy of `gen`
    in step over Redis publish/subscribe (see sync.py), else None."""
    url = getattr(settings, "PAGECACHE_SYNC_URL", None)
    return (url, _cache().key_prefix) if url else None


def current_gen() -> int:
    cache = _cache()
    if sync_to := _sync():
        local = sync.watcher(*sync_to, gen_key=cache.make_key(GEN)).current()
        if local is not None:
            return local
    value = cache.get(GEN)
    if value is None:
        cache.add(GEN, time.time_ns())
        value = cache.get(GEN)
    return value


def purge(tags) -> int:
    """Make every entry carrying one of `tags` stale. Returns the new gen."""
    tags = sorted(set(tags))
    if not tags:
        return current_gen()
    gen = _bump(tags)
    if sync_to := _sync():
        sync.announce(*sync_to, gen)
    if journal := _journal():
        journal.record(tags)
    return gen


def _bump(tags) -> int:
    cache = _cache()
    try:
        gen = cache.incr(GEN)
    except ValueError:  # the counter was evicted: restart it from the clock
        cache.add(GEN, time.time_ns())
        gen = cache.incr(GEN)
    cache.set_many({f"t:{tag}": gen for tag in tags}, timeout=None)
    return gen


_journals = {}


def _journal():
    """The purge journal shared by this machine's processes, when the store
    is in process memory (see journal.py)."""
    path = getattr(settings, "PAGECACHE_JOURNAL", None)
    if not path:
        return None
    if path not in _journals:
        _journals[path] = journal.Journal(path)
    return _journals[path]


def _catch_up() -> None:
    if (shared := _journal()) is None:
        return
    news = shared.news()
    if news is None:
        _cache().clear()
        recent.clear()
    for tags in news or ():
        _bump(tags)


def put(key: str, entry: Entry) -> None:
    cache = _cache()
    versions = cache.get_many([f"t:{tag}" for tag in entry.tags])
    # Mark a tag without a version as purged when this render began, so that
    # a version lost later reads as missing (stale). Not at 0: a version lost
    # to eviction or a restart would then make every older copy under the tag
    # (another process's, one left in the store) look fresh again.
    for name in (f"t:{tag}" for tag in entry.tags):
        if name not in versions:
            cache.add(name, entry.gen, timeout=None)
    cache.set(f"e:{key}", entry, timeout=ENTRY_TTL)


def _fresh(cache, entry: Entry, gen: int) -> bool:
    if entry.gen >= gen:
        return True  # nothing was purged since the render began
    names = [f"t:{tag}" for tag in entry.tags]
    versions = cache.get_many(names)
    return len(versions) == len(names) and max(versions.values(), default=0) <= entry.gen


class _Recent:
    """A small per-process copy of recently served entries, so a hit moves a
    counter, not the page, over the network. Each copy remembers the gen it
    was last checked at; any purge anywhere forces a re-check."""

    def __init__(self, size: int):
        self.size = size
        self.items: OrderedDict[str, tuple[Entry, int]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            item = self.items.get(key)
            if item is not None:
                self.items.move_to_end(key)
            return item

    def put(self, key, entry, gen):
        with self.lock:
            self.items[key] = (entry, gen)
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def clear(self):
        with self.lock:
            self.items.clear()


recent = _Recent(getattr(settings, "PAGECACHE_LOCAL_ENTRIES", 512))


def gen_now() -> int:
    """The current gen, after any purge this machine's other processes made."""
    _catch_up()
    return current_gen()


def lookup(key: str, gen: int | None = None) -> tuple[Entry | None, int]:
    """The fresh entry for `key` (or None) and the current gen (`gen`, when
    the caller has just read it), which a miss passes on to the render."""
    if gen is None:
        gen = gen_now()
    cache = _cache()
    item = recent.get(key)
    if item is not None:
        entry, checked = item
        if checked == gen:
            return entry, gen
        # Something was purged since: check this entry's tags, without
        # fetching the body again.
        if _fresh(cache, entry, gen):
            recent.put(key, entry, gen)
            return entry, gen
    entry = cache.get(f"e:{key}")
    if entry is None or not _fresh(cache, entry, gen):
        return None, gen
    recent.put(key, entry, gen)
    return entry, gen


def stamp(tag: str) -> int:
    """The current gen, with `tag` given a version if it has none, so that
    `unpurged_since(tag, gen)` holds until the tag is next purged."""
    gen = current_gen()
    _cache().add(f"t:{tag}", gen, timeout=None)
    return gen


def unpurged_since(tag: str, gen: int) -> bool:
    """Was `tag` last purged (or stamped) at or before `gen`? A version lost
    to eviction reads as purged: the caller then asks the database."""
    _catch_up()
    version = _cache().get(f"t:{tag}")
    return version is not None and version <= gen
