"""Events are written in batches by one writer thread per process, never a
row per request and never in a reader's request: a beacon only appends to a
list. The writer takes the list when half a batch has gathered or every
ANALYTICS_FLUSH_SECONDS.

A process holds at most ANALYTICS_BATCH unwritten events (gathering and
being written together), so one that dies loses at most that batch. Should
the database fall a whole batch behind, further beacons are dropped and the
number logged: a count missing beats a reader waiting on a write."""

import atexit
import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection

from .models import Event

log = logging.getLogger(__name__)


def write(batch: list[Event]) -> None:
    if not batch:
        return
    try:
        Event.objects.bulk_create(batch, batch_size=500)
    except Exception:
        log.exception("analytics: a batch of %d events could not be written", len(batch))


class Batcher:
    def __init__(self, size: int, seconds: float, writer=write):
        self.size = size
        self.seconds = seconds
        self.writer = writer
        self.items: list[Event] = []
        self.writing = 0
        self.dropped = 0
        self.ready = threading.Condition()
        self.thread = None
        self.closing = False

    def add(self, event: Event) -> bool:
        """Keep the event for the writer; False when it had to be dropped."""
        with self.ready:
            if len(self.items) + self.writing >= self.size:
                self.dropped += 1
                return False
            self.items.append(event)
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, name="analytics-writer", daemon=True)
                self.thread.start()
            if self._due():
                self.ready.notify()
        return True

    def flush(self) -> int:
        """Write what has gathered, in the calling thread; how many."""
        with self.ready:
            batch, self.items = self.items, []
            self.writing += len(batch)
            dropped, self.dropped = self.dropped, 0
        if dropped:
            log.warning("analytics: %d beacons dropped, the database was a whole batch behind", dropped)
        try:
            self.writer(batch)
        finally:
            with self.ready:
                self.writing -= len(batch)
        return len(batch)

    def unwritten(self) -> int:
        with self.ready:
            return len(self.items) + self.writing

    def close(self) -> None:
        """Stop the writer after it has written what is left: a process
        that exits cleanly loses nothing."""
        with self.ready:
            self.closing = True
            self.ready.notify()
            thread = self.thread
        if thread is not None:
            thread.join()

    def _due(self) -> bool:
        return self.closing or len(self.items) >= max(1, self.size // 2)

    def _run(self):
        while not self.closing:
            with self.ready:
                self.ready.wait_for(self._due, timeout=self.seconds)
            try:
                self.flush()
            finally:
                close_old_connections()
        connection.close()


batcher = Batcher(settings.ANALYTICS_BATCH, settings.ANALYTICS_FLUSH_SECONDS)
atexit.register(batcher.close)
