"""The numbers the dashboard and the per-piece page show: every one from
the daily rollups (plus the raw events of the last five minutes for the
live count), so they answer as fast at any archive size."""

from datetime import date, timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone

from masthead.articles.models import ArticleAuthor, ArticlePage
from masthead.members.models import Member, Payment
from masthead.newsletter.models import Consent

from .models import DailyPageStat, DailyTotal, Event, PageDay, SiteDay

PERIODS = {"7": 7, "30": 30, "90": 90}


def span(days: int) -> tuple[date, date]:
    end = timezone.localdate()
    return end - timedelta(days=days - 1), end


def _stats(start, end, page_ids=None):
    stats = DailyPageStat.objects.filter(day__gte=start, day__lte=end)
    if page_ids is not None:
        stats = stats.filter(page_id__in=page_ids)
    return stats


def pages_of(section=None, author=None):
    """The article ids a filter keeps (None: every page)."""
    if section is None and author is None:
        return None
    articles = ArticlePage.objects.all()
    if section is not None:
        articles = articles.filter(Q(primary_region_id=section) | Q(further_regions=section)).distinct()
    if author is not None:
        articles = articles.filter(pk__in=ArticleAuthor.objects.filter(author_id=author).values("page_id"))
    return list(articles.values_list("pk", flat=True))


def days(start, end, page_ids=None) -> list[dict]:
    """Views and visitors per day. Site-wide visitors come from the daily
    totals (a reader of three pages is one visitor); for a filter they are
    summed per page, an upper bound."""
    if page_ids is None:
        rows = {t.day: (t.views, t.visitors) for t in DailyTotal.objects.filter(day__gte=start, day__lte=end)}
    else:
        rows = {
            r["day"]: (r["views"], r["visitors"])
            for r in _stats(start, end, page_ids)
            .values("day")
            .annotate(views=Sum("views"), visitors=Sum("visitors"))
        }
    out, day = [], start
    while day <= end:
        views, visitors = rows.get(day, (0, 0))
        out.append({"day": day, "views": views, "visitors": visitors})
        day += timedelta(days=1)
    return out


def top_pages(start, end, page_ids=None, limit=20) -> list[dict]:
    days_of = PageDay.objects.filter(day__gte=start, day__lte=end)
    if page_ids is not None:
        days_of = days_of.filter(page_id__in=page_ids)
    rows = list(
        days_of.values("page_id")
        .annotate(views=Sum("views"), visitors=Sum("visitors"))
        .order_by("-views")[:limit]
    )
    from wagtail.models import Page

    titles = dict(Page.objects.filter(pk__in=[r["page_id"] for r in rows]).values_list("pk", "title"))
    return [{**r, "title": titles.get(r["page_id"], f"Page {r['page_id']} (deleted)")} for r in rows]


def breakdown(start, end, field: str, page_ids=None, limit=15) -> list[dict]:
    """Views by source, referrer or device: from the site's own daily rows,
    or, for chosen pages, from theirs."""
    if page_ids is None:
        rows = (
            SiteDay.objects.filter(dimension=field, day__gte=start, day__lte=end)
            .values("value")
            .annotate(views=Sum("views"))
            .order_by("-views")[:limit]
        )
        return [{field: r["value"], "views": r["views"]} for r in rows]
    return list(
        _stats(start, end, page_ids).values(field).annotate(views=Sum("views")).order_by("-views")[:limit]
    )


def sign_ups(start, end, page_ids=None) -> dict:
    """What readers did after reading: newsletter sign-ups by the form they
    used, members and money by the page they joined or gave from."""
    began = timezone.make_aware(timezone.datetime.combine(start, timezone.datetime.min.time()))
    consents = Consent.objects.filter(at__gte=began, action=Consent.Action.SIGNED_UP)
    members = Member.objects.filter(created_at__gte=began)
    money = Payment.objects.filter(paid_at__gte=began, status=Payment.Status.PAID)
    if page_ids is not None:
        consents = consents.filter(page_id__in=page_ids)
        members = members.filter(source_page_id__in=page_ids)
        money = money.filter(source_page_id__in=page_ids)
    return {
        "newsletter": list(consents.values("source").annotate(n=Count("pk")).order_by("-n")[:15]),
        "members": list(members.values("source").annotate(n=Count("pk")).order_by("-n")[:15]),
        "money": list(
            money.values("source_page_id")
            .annotate(total=Sum("amount"), n=Count("pk"))
            .order_by("-total")[:15]
        ),
    }


def live(minutes: int = 5) -> int:
    """Distinct visitors in the last few minutes, from the raw events."""
    since = timezone.now() - timedelta(minutes=minutes)
    return Event.objects.filter(at__gte=since).values("visitor").distinct().count()


def pages_numbers(page_ids: list[int], many: bool, days_back: int = 30) -> dict:
    """One piece's readers, or (`many`) an author's over all their pieces."""
    start, end = span(days_back)
    days_of = days(start, end, page_ids)
    paid = Payment.objects.filter(source_page_id__in=page_ids, status=Payment.Status.PAID)
    return {
        "days": days_of,
        "total": sum(d["views"] for d in days_of),
        "top": top_pages(start, end, page_ids, limit=10) if many else [],
        "sources": breakdown(start, end, "source", page_ids),
        "devices": breakdown(start, end, "device", page_ids),
        "members": Member.objects.filter(source_page_id__in=page_ids).count(),
        "subscribers": Consent.objects.filter(page_id__in=page_ids, action=Consent.Action.SIGNED_UP).count(),
        "payments": paid.aggregate(total=Sum("amount"), n=Count("pk")),
    }


def overview(days_back: int, region: int | None = None, author: int | None = None) -> dict:
    """Everything the dashboard shows for a period and a filter."""
    start, end = span(days_back)
    pages = pages_of(region, author)
    days_of = days(start, end, pages)
    return {
        "start": start,
        "end": end,
        "days": days_of,
        "totals": {
            "views": sum(d["views"] for d in days_of),
            "visitors": sum(d["visitors"] for d in days_of),
        },
        "top": top_pages(start, end, pages),
        "sources": breakdown(start, end, "source", pages),
        "referrers": breakdown(start, end, "referrer", pages),
        "devices": breakdown(start, end, "device", pages),
        "sign_ups": sign_ups(start, end, pages),
        "live": live(),
    }
