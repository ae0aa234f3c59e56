"""Delivery surviving faults, with real processes: a worker killed in the
middle of a send of thousands, the SMTP server refusing connections for a
while, and two workers sharing one send."""

import collections
import signal
import time

import pytest
from django.db import connection  # noqa: F401  (read by skipif)

from masthead.newsletter import delivery
from masthead.newsletter.editions import draft_edition
from masthead.newsletter.models import Delivery, Edition
from masthead.processes import free_port, wait_for

from .conftest import make_subscribers
from .processes import SmtpSink, start_worker

pytestmark = pytest.mark.django_db(transaction=True)


def pending() -> int:
    return Delivery.objects.filter(state="pending").count()


def stop(worker) -> str:
    """SIGTERM, as scripts/worker stops its parts, with the minute it gives them
    (core/workers.py STOP_WAIT): on a loaded two-core machine 30 s was not always enough."""
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
    out, _ = worker.communicate(timeout=60)
    return out


@pytest.fixture
def audience(round_up):
    """Confirmed subscribers, plus people who must get nothing."""
    active = make_subscribers(round_up, 3000)
    make_subscribers(round_up, 40, state="pending", prefix="unconfirmed", confirmed=False)
    make_subscribers(round_up, 40, state="unsubscribed", prefix="left")
    edition = draft_edition(round_up)
    assert delivery.start_send(edition) == 3000
    return {s.email for s in active}, edition


def test_killed_worker_loses_nothing_and_repeats_at_most_the_message_in_flight(tmp_path, audience):
    expected, edition = audience
    sink = SmtpSink(free_port(), tmp_path / "received.log").start()
    workers = []
    try:
        workers.append(start_worker(sink.port))
        wait_for(lambda: len(sink.received()) >= 800, 120, "the first worker to be well into the send")
        workers[0].send_signal(signal.SIGKILL)
        workers[0].wait(10)
        at_kill = len(sink.received())
        assert at_kill < 3000, "the kill came too late to test anything"
        workers.append(start_worker(sink.port))
        wait_for(lambda: pending() == 0, 180, "every delivery to be done")
    finally:
        for worker in workers:
            stop(worker)
        sink.stop()
    received = sink.received()
    addresses = collections.Counter(rcpt for rcpt, _ in received)
    assert set(addresses) == expected  # everyone confirmed, nobody else
    repeats = [a for a, n in addresses.items() if n > 1]
    assert len(repeats) <= 1 and all(addresses[a] == 2 for a in repeats)
    ids = collections.defaultdict(set)
    for rcpt, message_id in received:
        ids[rcpt].add(message_id)
    assert all(len(v) == 1 for v in ids.values())  # a repeat carries the same Message-ID
    assert Delivery.objects.filter(state="sent").count() == 3000
    assert Edition.objects.get(pk=edition.pk).state == "sent"


def test_smtp_server_refusing_connections_for_a_while_delays_but_loses_nothing(tmp_path, round_up):
    active = make_subscribers(round_up, 300)
    delivery.start_send(draft_edition(round_up))
    port = free_port()
    sink = SmtpSink(port, tmp_path / "received.log")
    worker = start_worker(port)
    try:
        # Nothing listens on the port: the worker keeps finding it closed.
        time.sleep(4)
        assert worker.poll() is None and len(sink.received()) == 0 and pending() == 300
        sink.start()
        wait_for(lambda: pending() == 0, 90, "the send to resume and finish")
    finally:
        stop(worker)
        sink.stop()
    addresses = collections.Counter(rcpt for rcpt, _ in sink.received())
    assert set(addresses) == {s.email for s in active} and max(addresses.values()) == 1


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="row locks with SKIP LOCKED are PostgreSQL's")
def test_two_workers_share_one_send_without_sending_anything_twice(tmp_path, round_up):
    active = make_subscribers(round_up, 2000)
    delivery.start_send(draft_edition(round_up))
    sink = SmtpSink(free_port(), tmp_path / "received.log").start()
    workers = [
        start_worker(sink.port, NEWSLETTER_LEASE_SECONDS="120"),
        start_worker(sink.port, NEWSLETTER_LEASE_SECONDS="120"),
    ]
    try:
        wait_for(lambda: pending() == 0, 120, "the send to finish")
    finally:
        outputs = [stop(w) for w in workers]
        sink.stop()
    addresses = collections.Counter(rcpt for rcpt, _ in sink.received())
    assert set(addresses) == {s.email for s in active} and max(addresses.values()) == 1
    shares = [int(out.strip().rsplit(" ", 1)[-1]) for out in outputs]
    assert sum(shares) == 2000 and min(shares) > 0, shares  # both took part
