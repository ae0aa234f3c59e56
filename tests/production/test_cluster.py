"""Two app servers and two workers on PostgreSQL and Redis, behind nginx
(deploy/loopback.py): a publish through one app server is fresh on the
other at once; an edition sent by two workers reaches every subscriber
once; killing an app server and a worker in the middle of reader traffic
and of a send loses no reader request and no delivery."""

import collections
import time

import pytest

from masthead.processes import wait_for
from tests.browser.admin import log_in, publish, settle

from .traffic import Traffic, get, warm

ARTICLE = "/middle-east/basra-water-crisis-outpaces-politics/"
NEW_HEADLINE = "In Basra, the water crisis is outrunning the politics"
READER_PATHS = [
    "/",
    "/europe/baltic-cable-cuts-test-europe-keeps-failing/",
    "/europe/",
    "/search/?q=cable",
    "/feeds/rss/",
    "/quick-takes/",
]
SUBSCRIBERS = 1200


def in_cluster(cluster, code: str) -> str:
    """Run Python in the cluster's Django (its database), return what it printed."""
    return cluster.manage("shell", "--no-imports", "-c", code).strip()


SUBSCRIBE = f"""
from django.utils import timezone
from masthead.newsletter.models import Newsletter, Subscriber, Subscription
now = timezone.now()
people = Subscriber.objects.bulk_create([
    Subscriber(email=f"reader{{i}}@example.org", state="active", confirmed_at=now)
    for i in range({SUBSCRIBERS})
])
Subscription.objects.bulk_create([
    Subscription(subscriber=p, newsletter=n, confirmed_at=now)
    for p in people for n in Newsletter.objects.all()
])
"""
SEND = """
from masthead.newsletter import delivery
from masthead.newsletter.models import Newsletter
from masthead.newsletter.editions import draft_edition
edition = draft_edition(Newsletter.objects.get(slug="{slug}"))
edition.save()
print(edition.pk, delivery.start_send(edition))
"""
PENDING = """
from masthead.newsletter.models import Delivery
print(Delivery.objects.filter(edition_id={edition}).exclude(state="sent").count())
"""


@pytest.fixture(scope="module")
def audience(cluster):
    in_cluster(cluster, SUBSCRIBE)


def send(cluster, slug):
    edition, queued = map(int, in_cluster(cluster, SEND.format(slug=slug)).split())
    assert queued >= SUBSCRIBERS
    return edition, queued


def received_for(sink, marker: str) -> collections.Counter:
    """How many messages of one edition each address got (by Message-ID)."""
    return collections.Counter(rcpt for rcpt, message_id in sink.received() if message_id.startswith(marker))


def test_a_publish_through_one_app_server_is_fresh_on_the_other_at_once(cluster, page):
    first, second = cluster.app_url(0), cluster.app_url(1)
    warm(cluster, [ARTICLE, "/middle-east/"])  # every server has both pages cached

    log_in(page, first, "editor", cluster.logins()["editor"])
    page.goto(first + "/admin/pages/")
    page.get_by_role("link", name="Explore child pages of 'Home'").click()
    page.get_by_role("link", name="Explore child pages of 'Middle East'").click()
    page.get_by_role(
        "link", name="In Basra, a water crisis outpaces the politics meant to solve it"
    ).first.click()
    page.fill("#id_title", NEW_HEADLINE)
    settle(page)
    publish(page)

    for site in (second, cluster.url, first):
        status, cache, html = get(site + ARTICLE)
        assert status == 200 and f"<h1>{NEW_HEADLINE}</h1>" in html, (site, cache)
        assert NEW_HEADLINE in get(site + "/middle-east/")[2], site


def test_an_edition_sent_by_two_workers_reaches_every_subscriber_once(cluster, sink, audience):
    edition, queued = send(cluster, "weekly-round-up")
    marker = f"<edition-{edition}."
    wait_for(lambda: sum(received_for(sink, marker).values()) >= queued, 180, "the edition to go out")
    time.sleep(1)  # anything sent twice would arrive now
    counts = received_for(sink, marker)
    assert len(counts) == queued and max(counts.values()) == 1
    assert in_cluster(cluster, PENDING.format(edition=edition)) == "0"
    for i in range(2):
        log = (cluster.root / f"worker-{i}.log").read_text()
        assert "Traceback" not in log, log[max(0, log.find("Traceback") - 300) :][:3000]


def test_killing_an_app_server_and_a_worker_loses_no_request_and_no_delivery(cluster, sink, audience):
    edition, queued = send(cluster, "africa-alert")
    marker = f"<edition-{edition}."
    reader = {"reader": lambda n: READER_PATHS[n % len(READER_PATHS)]}
    with Traffic(cluster.url, reader, threads=6) as readers:
        time.sleep(2)
        wait_for(lambda: sum(received_for(sink, marker).values()) >= queued // 5, 120, "the send to be going")
        cluster.kill(cluster.servers[0])
        cluster.kill(cluster.worker_processes[0])
        at_kill = sum(received_for(sink, marker).values())
        served_before = readers.between().total()
        time.sleep(4)  # readers keep coming, now to one app server
    assert at_kill < queued, "the kill came too late to test anything"
    assert readers.between().total() > served_before, "no reader traffic after the kill"
    # nginx tries a GET that met a dead server again on the live one. Only
    # an answer the killed server was in the middle of sending, which nginx
    # had begun passing on, is cut off: at most one per reader.
    outcomes = readers.between()
    cut = outcomes.pop("IncompleteRead", 0)
    assert set(outcomes) == {200} and cut <= len(readers.threads), (outcomes, cut)

    wait_for(lambda: in_cluster(cluster, PENDING.format(edition=edition)) == "0", 180, "the send to finish")
    counts = received_for(sink, marker)
    assert len(counts) == queued, f"{queued - len(counts)} subscribers got nothing"
    repeated = [address for address, n in counts.items() if n > 1]
    # Each row is marked sent as its message is handed over: at most the one
    # message in flight when the worker died goes again (same Message-ID).
    assert len(repeated) <= 1, repeated

    cluster.start_server(0)  # the machine comes back and serves again
    assert get(cluster.app_url(0) + "/")[0] == 200
