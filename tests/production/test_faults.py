"""The recipe under faults, on the PostgreSQL and Redis servers of these
tests' own (conftest.py, servers.py), with readers coming all the while:

- PostgreSQL restarts: cached pages keep being served; pages that need the
  database are answered 503 while it is gone and recover within seconds of
  its return, with no errors after; what was written before is there.
- Redis stops: the site keeps serving (the page cache is bypassed), a
  reader can still sign up and an editor publish (their background tasks
  wait in the database queue), and when Redis returns pages are cached again
  and the waiting tasks are done."""

import itertools
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter

from masthead.newsletter.tests.processes import wait_for

CACHED = ["/", "/europe/", "/europe/baltic-cable-cuts-test-europe-keeps-failing/", "/quick-takes/"]


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=15) as response:
            return response.status, response.headers.get("X-Cache"), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("X-Cache"), error.read().decode()
    except OSError as error:
        return type(error).__name__, None, ""


def shell(cluster, code):
    return cluster.manage("shell", "--no-imports", "-c", code).strip()


class Traffic:
    """Readers through nginx: cached pages, and searches no one made
    before (so each needs the database), outcomes kept by the second."""

    def __init__(self, url):
        self.url = url
        self.log = []  # (time, kind, status)
        self.stop = threading.Event()
        self.counter = itertools.count()
        self.threads = [threading.Thread(target=self._run, args=(i,)) for i in range(4)]

    def _run(self, i):
        for n in itertools.count(i):
            if self.stop.is_set():
                return
            if n % 2:
                kind, path = "cached", CACHED[n % len(CACHED)]
            else:
                kind, path = "database", f"/search/?q=cable+{next(self.counter)}"
            status = get(self.url + path)[0]
            self.log.append((time.monotonic(), kind, status))
            time.sleep(0.02)

    def between(self, start, end, kind=None) -> Counter:
        return Counter(s for t, k, s in self.log if start <= t < end and kind in (None, k))

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for t in self.threads:
            t.join(30)


def warm(cluster):
    """Every app server has the cached pages stored (the worker may still be
    finishing the demo's tasks, whose purges empty them again)."""

    def stored(path):
        return all(get(cluster.app_url(i) + path)[1] == "hit" for i in range(2) for _ in range(2))

    for path in CACHED:
        wait_for(lambda path=path: stored(path), 60, f"{path} to stay cached")


def test_a_postgresql_restart_keeps_cached_pages_and_recovers_within_seconds(cluster, servers):
    postgres, _ = servers
    warm(cluster)
    status, _, _ = post_sign_up(cluster, "before-the-fault@example.org")
    assert status == 200
    with Traffic(cluster.url) as traffic:
        time.sleep(2)
        down = time.monotonic()
        postgres.stop()
        time.sleep(4)
        postgres.start()
        back = time.monotonic()
        wait_for(lambda: traffic.between(time.monotonic() - 0.5, time.monotonic(), "database")[200], 20,
                 "pages that need the database to come back")  # fmt: skip
        recovered = time.monotonic()
        time.sleep(4)
        after = time.monotonic()
    assert traffic.between(0, down) == Counter({200: traffic.between(0, down).total()})
    assert set(traffic.between(down + 0.5, back, "cached")) == {200}, "cached pages failed while it was down"
    outage = traffic.between(down + 0.5, back, "database")
    assert outage[503] and not outage[500], outage  # a clear "try again", not an error page
    assert recovered - back < 5, f"{recovered - back:.1f} s to recover"
    assert set(traffic.between(recovered + 0.5, after)) == {200}, traffic.between(recovered + 0.5, after)
    assert shell(cluster, PRESENT.format(email="before-the-fault@example.org")) == "True"


PRESENT = """
from masthead.newsletter.models import Subscriber
print(Subscriber.objects.filter(email="{email}").exists())
"""
PUBLISH = """
from masthead.articles.models import ArticlePage
page = ArticlePage.objects.get(slug="baltic-cable-cuts-test-europe-keeps-failing")
page.title = "{title}"
page.save_revision().publish()
print("published")
"""


def post_sign_up(cluster, email):
    data = urllib.parse.urlencode({"email": email, "source": "page"}).encode()
    try:
        with urllib.request.urlopen(cluster.url + "/newsletter/sign-up/", data, timeout=15) as response:
            return response.status, response.url, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, None, error.read().decode()


def test_with_redis_stopped_the_site_serves_signs_up_and_publishes_and_catches_up(cluster, servers, sink):
    _, redis = servers
    warm(cluster)
    article = CACHED[2]
    with Traffic(cluster.url) as traffic:
        time.sleep(2)
        down = time.monotonic()
        redis.stop()
        time.sleep(1)
        status, url, _ = post_sign_up(cluster, "during-the-fault@example.org")
        assert status == 200 and url.endswith("/newsletter/check-your-inbox/")
        assert shell(cluster, PUBLISH.format(title="Cable cuts: the test Europe still fails")) == "published"
        for i in range(2):
            status, cache, html = get(cluster.app_url(i) + article)
            assert status == 200 and "<h1>Cable cuts: the test Europe still fails</h1>" in html, (i, cache)
        time.sleep(2)
        redis.start()  # empty, as a restarted cache is
        back = time.monotonic()
        time.sleep(3)
    during = traffic.between(down, back)
    assert set(during) == {200}, during
    get(cluster.url + article)
    status, cache, html = get(cluster.url + article)
    assert cache == "hit" and "Cable cuts: the test Europe still fails" in html
    # The tasks that could not go to Redis waited in the database and ran.
    wait_for(lambda: "cable cuts" in get(cluster.url + "/search/?q=%22still+fails%22")[2].lower(), 30,
             "the search index to take the publish made while Redis was down")  # fmt: skip
    assert shell(cluster, PRESENT.format(email="during-the-fault@example.org")) == "True"
    # Its confirmation mail, queued in the database, went out.
    wait_for(lambda: "during-the-fault@example.org" in {rcpt for rcpt, _ in sink.received()}, 30,
             "the confirmation mail queued while Redis was down")  # fmt: skip
