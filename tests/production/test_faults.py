"""The recipe under faults, on the PostgreSQL and Redis servers of these
tests' own (conftest.py, servers.py), with readers coming all the while:

- PostgreSQL restarts: cached pages keep being served; pages that need the
  database are answered 503 while it is gone and recover within seconds of
  its return, with no errors after; what was written before is there.
- Redis stops: the site keeps serving (the page cache is bypassed), a
  reader can still sign up and an editor publish (their background tasks
  wait in the database queue), and when Redis returns pages are cached again
  and the waiting tasks are done."""

import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter

from masthead.processes import wait_for

from .traffic import Traffic, get, warm

CACHED = ["/", "/europe/", "/europe/baltic-cable-cuts-test-europe-keeps-failing/", "/quick-takes/"]
# Cached pages, and searches no one made before (so each needs the database).
KINDS = {"cached": lambda n: CACHED[n % len(CACHED)], "database": lambda n: f"/search/?q=cable+{n}"}


def shell(cluster, code):
    return cluster.manage("shell", "--no-imports", "-c", code).strip()


def test_a_postgresql_restart_keeps_cached_pages_and_recovers_within_seconds(cluster, servers):
    postgres, _ = servers
    warm(cluster, CACHED)
    status, _, _ = post_sign_up(cluster, "before-the-fault@example.org")
    assert status == 200
    with Traffic(cluster.url, KINDS) as traffic:
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
    warm(cluster, CACHED)
    article = CACHED[2]
    with Traffic(cluster.url, KINDS) as traffic:
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

    def cached_again():
        # Never the old headline; a hit once the purge retried from the
        # outage has gone through (it may land between two reads).
        get(cluster.url + article)
        status, cache, html = get(cluster.url + article)
        assert status == 200 and "Cable cuts: the test Europe still fails" in html, cache
        return cache == "hit"

    wait_for(cached_again, 20, "the article to be cached again")
    # The tasks that could not go to Redis waited in the database and ran.
    wait_for(lambda: "cable cuts" in get(cluster.url + "/search/?q=%22still+fails%22")[2].lower(), 30,
             "the search index to take the publish made while Redis was down")  # fmt: skip
    assert shell(cluster, PRESENT.format(email="during-the-fault@example.org")) == "True"
    # Its confirmation mail, queued in the database, went out.
    wait_for(lambda: "during-the-fault@example.org" in {rcpt for rcpt, _ in sink.received()}, 30,
             "the confirmation mail queued while Redis was down")  # fmt: skip
