"""Events are written in batches, never a row per request: a process keeps
at most ANALYTICS_BATCH events in memory, writing them when the batch is
full or ANALYTICS_FLUSH_SECONDS have passed. A process that dies loses at
most that one batch."""

import logging
import threading

from django.conf import settings
from django.db import close_old_connections

from .models import Event

log = logging.getLogger(__name__)


class Batcher:
    def __init__(self, size: int, seconds: float):
        self.size = size
        self.seconds = seconds
        self.items: list[Event] = []
        self.lock = threading.Lock()
        self.thread = None

    def add(self, event: Event) -> None:
        with self.lock:
            self.items.append(event)
            full = len(self.items) >= self.size
            if full:
                batch, self.items = self.items, []
            if self.thread is None:
                self.thread = threading.Thread(target=self._tick, name="analytics-batch", daemon=True)
                self.thread.start()
        if full:
            write(batch)

    def flush(self) -> int:
        with self.lock:
            batch, self.items = self.items, []
        write(batch)
        return len(batch)

    def pending(self) -> int:
        return len(self.items)

    def _tick(self):
        stop = threading.Event()
        while not stop.wait(self.seconds):
            try:
                self.flush()
            finally:
                close_old_connections()


def write(batch: list[Event]) -> None:
    if not batch:
        return
    try:
        Event.objects.bulk_create(batch, batch_size=500)
    except Exception:
        log.exception("analytics: a batch of %d events could not be written", len(batch))


batcher = Batcher(settings.ANALYTICS_BATCH, settings.ANALYTICS_FLUSH_SECONDS)
