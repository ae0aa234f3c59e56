"""The most-read rail: the pieces read most in the last 24 hours and the
last 7 days, written to `core.Ranking` (which the pages read) and purged
by its own tag only when the ranking changes."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from masthead.articles.models import ArticlePage
from masthead.core.models import Ranking
from masthead.pagecache import purge

from .models import Event, PageDay

WINDOWS = {"most-read-24h": None, "most-read-7d": 7}
TAG = "list:most-read"


def _ranked(counts, size: int) -> list[int]:
    candidates = [page for page, _ in counts if page]
    eligible = set(
        ArticlePage.objects.live()
        .filter(pk__in=candidates, exclude_from_most_read=False)
        .values_list("pk", flat=True)
    )
    return [page for page in candidates if page in eligible][:size]


def compute(now=None) -> dict[str, list[int]]:
    now = now or timezone.now()
    size = settings.ANALYTICS_MOST_READ
    day = (
        Event.objects.filter(at__gte=now - timedelta(hours=24), page_id__isnull=False)
        .values("page_id")
        .annotate(n=Count("id"))
        .order_by("-n", "page_id")
        .values_list("page_id", "n")[: size * 4]
    )
    week = (
        PageDay.objects.filter(day__gt=timezone.localdate(now) - timedelta(days=7))
        .values("page_id")
        .annotate(n=Sum("views"))
        .order_by("-n", "page_id")
        .values_list("page_id", "n")[: size * 4]
    )
    return {"most-read-24h": _ranked(day, size), "most-read-7d": _ranked(week, size)}


def refresh(now=None) -> bool:
    """Store the rankings; purge the rail's tag if either changed."""
    ranked = compute(now)
    stored = {name: [] for name in WINDOWS}
    for name, page_id in Ranking.objects.filter(name__in=WINDOWS).values_list("name", "page_id"):
        stored[name].append(page_id)
    if stored == ranked:
        return False
    with transaction.atomic():
        Ranking.objects.filter(name__in=WINDOWS).delete()
        Ranking.objects.bulk_create(
            [
                Ranking(name=name, position=i, page_id=pk)
                for name, pks in ranked.items()
                for i, pk in enumerate(pks)
            ]
        )
        purge.invalidate([TAG])
    return True
