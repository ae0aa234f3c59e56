"""The delivery queue against a real SMTP server (aiosmtpd in a
subprocess): claims, leases, refusals, suppression, progress."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from masthead.newsletter import delivery, tasks, transport
from masthead.newsletter.editions import draft_edition
from masthead.newsletter.models import Delivery, Edition, Subscriber
from masthead.newsletter.subscriptions import unsubscribe
from masthead.processes import free_port

from .conftest import make_subscribers
from .processes import SmtpSink

pytestmark = pytest.mark.django_db


@pytest.fixture
def sink(tmp_path):
    port = free_port()
    server = SmtpSink(port, tmp_path / "received.log").start()
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_PORT=port, EMAIL_TIMEOUT=5
    ):
        yield server
    server.stop()


@pytest.fixture
def edition(round_up):
    return draft_edition(round_up)


def test_starting_a_send_snapshots_the_confirmed_audience_once(round_up, alert, edition):
    make_subscribers(round_up, 5)
    make_subscribers(round_up, 2, state="pending", prefix="waiting", confirmed=False)
    make_subscribers(round_up, 2, state="unsubscribed", prefix="gone")
    make_subscribers(alert, 3, prefix="other")
    assert delivery.start_send(edition) == 5
    assert delivery.start_send(edition) == 0  # a second click queues nothing
    assert Delivery.objects.count() == 5
    assert set(Delivery.objects.values_list("email", flat=True)) == {
        f"reader{i}@example.org" for i in range(5)
    }
    edition.refresh_from_db()
    assert edition.state == "sending" and edition.content is not None


def test_a_worker_sends_each_once_with_its_message_id(sink, round_up, edition):
    subscribers = make_subscribers(round_up, 30)
    delivery.start_send(edition)
    delivery.Worker(batch=7).run(once=True)
    received = sink.received()
    assert sorted(r for r, _ in received) == sorted(s.email for s in subscribers)
    by_address = dict(received)
    for row in Delivery.objects.select_related("subscriber"):
        assert row.state == "sent" and by_address[row.email] == row.message_id
        assert row.message_id == f"<edition-{edition.pk}.{row.subscriber_id}@localhost>"
    edition.refresh_from_db()
    assert edition.state == "sent" and edition.finished_at


def test_hard_bounce_suppresses_and_soft_failure_backs_off(sink, round_up, edition):
    make_subscribers(round_up, 2)
    make_subscribers(round_up, 1, prefix="bounce")
    make_subscribers(round_up, 1, prefix="later")
    delivery.start_send(edition)
    delivery.Worker().run(once=True)
    bounced = Delivery.objects.get(email="bounce0@example.org")
    assert bounced.state == "failed" and bounced.error.startswith("550")
    assert Subscriber.objects.get(email="bounce0@example.org").state == "bounced"
    later = Delivery.objects.get(email="later0@example.org")
    assert later.state == "pending" and later.error.startswith("451") and later.attempts == 1
    assert later.due_at > timezone.now() + timedelta(seconds=50)  # a minute's back-off
    assert Subscriber.objects.get(email="later0@example.org").state == "active"
    assert len(sink.received()) == 2
    assert Edition.objects.get(pk=edition.pk).state == "sending"  # the retry is still to come
    # Past its back-off it is tried again; after the last attempt it fails for good.
    with override_settings(NEWSLETTER_MAX_ATTEMPTS=2):
        Delivery.objects.filter(pk=later.pk).update(due_at=timezone.now())
        delivery.Worker().run(once=True)
    later.refresh_from_db()
    assert later.state == "failed" and later.attempts == 2
    assert Edition.objects.get(pk=edition.pk).state == "sent"


def test_a_message_refused_after_data_fails_without_suppressing(sink, round_up, edition):
    make_subscribers(round_up, 1, prefix="spam")
    make_subscribers(round_up, 2)
    delivery.start_send(edition)
    delivery.Worker().run(once=True)
    refused = Delivery.objects.get(email="spam0@example.org")
    assert refused.state == "failed" and refused.error.startswith("554")
    assert Subscriber.objects.get(email="spam0@example.org").state == "active"
    # The same connection went on to the others.
    assert sorted(r for r, _ in sink.received()) == ["reader0@example.org", "reader1@example.org"]


def test_bookkeeping_that_fails_mid_transaction_sends_nothing_more(sink, round_up, edition):
    """The previous message's outcome is written while the next one's MAIL
    FROM is answered; if that write fails, the next message must not go
    out, so only the one already sent can be sent again."""
    make_subscribers(round_up, 3)
    delivery.start_send(edition)
    worker = delivery.Worker()
    record = worker.record

    def record_once(*args):
        if worker.sent:
            raise RuntimeError("database gone")
        record(*args)

    worker.record = record_once
    with pytest.raises(RuntimeError):
        worker.work_once()
    assert [r for r, _ in sink.received()] == ["reader0@example.org", "reader1@example.org"]
    assert worker.transport.smtp is None  # abandoned mid-command, not reused
    states = dict(Delivery.objects.values_list("email", "state"))
    assert states == {f"reader{i}@example.org": s for i, s in enumerate(["sent", "pending", "pending"])}


def test_dot_stuffing():
    assert transport.dot_stuffed(b".a\r\n..b\r\nc") == b"..a\r\n...b\r\nc\r\n"
    assert transport.dot_stuffed(b"plain\r\n") == b"plain\r\n"


def test_someone_who_leaves_mid_send_is_skipped(sink, round_up, edition):
    subscribers = make_subscribers(round_up, 3)
    delivery.start_send(edition)
    unsubscribe(subscribers[1])
    delivery.Worker().run(once=True)
    assert sorted(r for r, _ in sink.received()) == ["reader0@example.org", "reader2@example.org"]
    assert Delivery.objects.get(email="reader1@example.org").state == "skipped"


def test_a_lease_keeps_others_off_until_it_runs_out(round_up, edition):
    make_subscribers(round_up, 10)
    delivery.start_send(edition)
    _, first = delivery.claim(6, lease_seconds=60)
    _, second = delivery.claim(6, lease_seconds=60)
    assert len(first) == 6 and len(second) == 4
    assert not {r.pk for r in first} & {r.pk for r in second}
    assert delivery.claim(6, lease_seconds=60)[1] == []
    later = timezone.now() + timedelta(seconds=61)
    _, again = delivery.claim(20, lease_seconds=60, now=later)
    assert len(again) == 10  # the dead worker's rows come back


def test_the_window_and_rate_cap_spread_the_due_times(round_up, edition):
    make_subscribers(round_up, 10)
    Edition.objects.filter(pk=edition.pk).update(window_minutes=10)
    edition.refresh_from_db()
    delivery.start_send(edition)
    due = list(Delivery.objects.order_by("due_at").values_list("due_at", flat=True))
    assert (due[-1] - due[0]).total_seconds() == pytest.approx(540, abs=1)
    with override_settings(NEWSLETTER_MAX_RATE=2):
        assert delivery._spacing(10, 0) == 0.5
        assert delivery._spacing(10, 10) == 60


def test_the_smtp_server_down_returns_the_batch_untouched(round_up, edition):
    make_subscribers(round_up, 4)
    delivery.start_send(edition)
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_PORT=free_port()
    ):
        assert delivery.Worker().work_once() is None
    rows = list(Delivery.objects.all())
    assert all(r.state == "pending" and r.attempts == 0 and r.claim == "" for r in rows)


def test_progress_counts_and_estimates(sink, round_up, edition):
    make_subscribers(round_up, 20)
    delivery.start_send(edition)
    worker = delivery.Worker(batch=5)
    worker.work_once()
    progress = delivery.progress(edition)
    assert progress["total"] == 20 and progress["sent"] == 5 and progress["pending"] == 15
    assert progress["per_minute"] == 5 and progress["seconds_left"] == 180
    assert progress["done_percent"] == 25


def test_scheduling_goes_through_the_task_queue(round_up, edition, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    make_subscribers(round_up, 2)
    when = timezone.now() + timedelta(hours=2)
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        with django_capture_on_commit_callbacks(execute=True):
            tasks.schedule_send(edition, when, window_minutes=30)
    edition.refresh_from_db()
    assert edition.state == "scheduled" and edition.window_minutes == 30
    task = DBTaskResult.objects.get()
    assert task.run_after == when and task.args_kwargs["args"] == [edition.pk]
    from masthead.newsletter.tasks import start_scheduled_send

    start_scheduled_send.call(edition.pk)  # too early: nothing happens
    assert Edition.objects.get(pk=edition.pk).state == "scheduled"
    Edition.objects.filter(pk=edition.pk).update(scheduled_at=timezone.now())
    start_scheduled_send.call(edition.pk)
    assert Edition.objects.get(pk=edition.pk).state == "sending" and Delivery.objects.count() == 2
