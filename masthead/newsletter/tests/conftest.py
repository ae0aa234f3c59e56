import pytest
from django.utils import timezone

from masthead.newsletter.models import Newsletter, Subscriber, Subscription


@pytest.fixture
def round_up(db):
    return Newsletter.objects.create(name="The Weekly Round-up", slug="weekly-round-up", is_default=True)


@pytest.fixture
def alert(db):
    return Newsletter.objects.create(name="Africa Alert", slug="africa-alert", sort_order=1)


def make_subscribers(
    newsletter, count: int, state="active", prefix="reader", confirmed=True
) -> list[Subscriber]:
    now = timezone.now()
    subscribers = Subscriber.objects.bulk_create(
        [
            Subscriber(email=f"{prefix}{i}@example.org", state=state, confirmed_at=now if confirmed else None)
            for i in range(count)
        ]
    )
    if connection_needs_refetch():
        subscribers = list(Subscriber.objects.filter(email__startswith=prefix).order_by("pk"))
    Subscription.objects.bulk_create(
        [
            Subscription(subscriber=s, newsletter=newsletter, confirmed_at=now if confirmed else None)
            for s in subscribers
        ]
    )
    return subscribers


def connection_needs_refetch() -> bool:
    from django.db import connection

    return not connection.features.can_return_rows_from_bulk_insert
