"""Raw events into daily rollups, and what is kept of each.

A day's rollup is made again from its raw events until they are pruned
(ANALYTICS_RAW_DAYS later), so today's numbers fill in as the day goes.
Every number the dashboard shows comes from the rollups."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from .models import DailyPageStat, DailyTotal, Event, PageDay, Salt, SiteDay


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


@transaction.atomic
def roll_up(day: date) -> int:
    start, end = day_bounds(day)
    events = Event.objects.filter(at__gte=start, at__lt=end)
    rows = (
        events.values("page_id", "source", "referrer", "device")
        .annotate(views=Count("id"), visitors=Count("visitor", distinct=True))
        .order_by()
    )
    DailyPageStat.objects.filter(day=day).delete()
    DailyPageStat.objects.bulk_create([DailyPageStat(day=day, **row) for row in rows], batch_size=1000)
    pages = (
        events.exclude(page_id=None)
        .values("page_id")
        .annotate(views=Count("id"), visitors=Count("visitor", distinct=True))
        .order_by()
    )
    PageDay.objects.filter(day=day).delete()
    PageDay.objects.bulk_create([PageDay(day=day, **row) for row in pages], batch_size=1000)
    SiteDay.objects.filter(day=day).delete()
    SiteDay.objects.bulk_create(
        [
            SiteDay(day=day, dimension=dimension, value=row[dimension], views=row["views"])
            for dimension in ("source", "referrer", "device")
            for row in events.values(dimension).annotate(views=Count("id")).order_by()
        ]
    )
    total = events.aggregate(views=Count("id"), visitors=Count("visitor", distinct=True))
    DailyTotal.objects.update_or_create(day=day, defaults=total)
    return total["views"]


def prune(now: datetime | None = None) -> None:
    """Raw events past their keeping; every salt of a day that is over, so
    yesterday's visitors can no longer be linked to today's."""
    now = now or timezone.now()
    Event.objects.filter(at__lt=now - timedelta(days=settings.ANALYTICS_RAW_DAYS)).delete()
    Salt.objects.filter(day__lt=timezone.localdate(now)).delete()


def upkeep(now: datetime | None = None) -> None:
    now = now or timezone.now()
    today = timezone.localdate(now)
    roll_up(today)
    roll_up(today - timedelta(days=1))  # the minutes before midnight, written after it
    prune(now)
