"""Short jobs for the task queue (Django's Tasks API): single mails and
starting scheduled sends. The edition's deliveries themselves are not tasks:
the delivery table is their queue (delivery.py)."""

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from masthead.core.models import MagazineSettings

from . import delivery, mails
from .models import Edition, Subscriber


@task()
def send_subscriber_mail(subscriber_id: int, kind: str):
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:  # deleted on request before the mail went
        return
    publication = MagazineSettings.load().publication_name
    mails.subscriber_mail(subscriber, kind, publication).send()


@task()
def start_scheduled_send(edition_id: int):
    """Runs at the scheduled time; does nothing if the edition was
    rescheduled later, cancelled, or already started."""
    edition = Edition.objects.filter(pk=edition_id, state=Edition.State.SCHEDULED).first()
    if edition and edition.scheduled_at and edition.scheduled_at <= timezone.now():
        delivery.start_send(edition)


@task()
def send_test(edition_id: int, address: str):
    delivery.send_test(Edition.objects.get(pk=edition_id), address)


def schedule_send(edition: Edition, when, window_minutes: int = 0):
    """Start the send at `when`, by a task the queue runs then."""
    Edition.objects.filter(pk=edition.pk, state__in=[Edition.State.DRAFT, Edition.State.SCHEDULED]).update(
        state=Edition.State.SCHEDULED, scheduled_at=when, window_minutes=window_minutes
    )
    transaction.on_commit(lambda: start_scheduled_send.using(run_after=when).enqueue(edition.pk))
