"""Readers for the production tests: single requests, a warm-up, and
reader traffic through nginx from several threads, as a load balancer sees
it, each outcome kept with its time and kind."""

import http.client
import itertools
import threading
import time
import urllib.error
import urllib.request
from collections import Counter

from masthead.processes import wait_for


def get(url):
    """(status, X-Cache, body); the error's name as the status when the
    connection failed or the answer was cut off (IncompleteRead)."""
    try:
        with urllib.request.urlopen(url, timeout=15) as response:
            return response.status, response.headers.get("X-Cache"), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("X-Cache"), error.read().decode()
    except (OSError, http.client.HTTPException) as error:
        return type(error).__name__, None, ""


def warm(cluster, paths):
    """Every app server has `paths` stored, and they stay stored (the worker
    may still be finishing the demo's tasks, whose purges empty them again)."""

    def stored(path):
        return all(get(cluster.app_url(i) + path)[1] == "hit" for i in range(2) for _ in range(2))

    for path in paths:
        wait_for(lambda path=path: stored(path), 60, f"{path} to stay cached")


class Traffic:
    """Readers through nginx: `kinds` maps a kind of request to a function
    of a running number giving its path; the threads take the kinds in turn."""

    def __init__(self, url, kinds: dict, threads: int = 4):
        self.url, self.kinds = url, list(kinds.items())
        self.log = []  # (time, kind, status)
        self.stop = threading.Event()
        self.counter = itertools.count()
        self.threads = [threading.Thread(target=self._run, args=(i,)) for i in range(threads)]

    def _run(self, i):
        for n in itertools.count(i):
            if self.stop.is_set():
                return
            kind, path = self.kinds[n % len(self.kinds)]
            status = get(self.url + path(next(self.counter)))[0]
            self.log.append((time.monotonic(), kind, status))
            time.sleep(0.02)

    def between(self, start=0.0, end=float("inf"), kind=None) -> Counter:
        return Counter(s for t, k, s in self.log if start <= t < end and kind in (None, k))

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for t in self.threads:
            t.join(30)
