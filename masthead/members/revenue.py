"""The revenue dashboard's numbers: recurring revenue, members, gifts, and
where members and gifts came from. Plain queries over members and
payments, grouped by month in Python (a magazine has thousands of rows
here, not millions)."""

from collections import Counter, defaultdict
from datetime import date

from django.conf import settings
from django.db.models import Count, Sum
from django.utils import timezone

from . import levels
from .models import Member, MemberEvent, Payment


def months(count: int = 12) -> list[date]:
    """The first day of each of the last `count` months, oldest first."""
    today = timezone.localdate()
    first = date(today.year, today.month, 1)
    out = []
    for back in range(count):
        year, month = divmod(first.month - 1 - back, 12)
        out.append(date(first.year + year, month + 1, 1))
    return out[::-1]


def _month(moment) -> date:
    local = timezone.localtime(moment)
    return date(local.year, local.month, 1)


def paying_members():
    return Member.objects.filter(subscription_status__in=levels.PAYING, tier__isnull=False).select_related(
        "tier"
    )


def mrr() -> int:
    """Monthly recurring revenue, in cents: each paying member's price,
    a yearly one counted as a twelfth."""
    total = 0
    for member in paying_members():
        if member.interval == "year":
            total += member.tier.yearly_price // 12
        else:
            total += member.tier.monthly_price
    return total


def per_month(count: int = 12) -> list[dict]:
    """For each month: gifts received, new paying members, cancellations."""
    span = months(count)
    start = timezone.make_aware(timezone.datetime(span[0].year, span[0].month, 1))
    gifts = defaultdict(int)
    for payment in Payment.objects.filter(
        kind=Payment.Kind.DONATION, status=Payment.Status.PAID, paid_at__gte=start
    ):
        gifts[_month(payment.paid_at)] += payment.amount
    joined = Counter()
    seen = set()
    for payment in Payment.objects.filter(kind=Payment.Kind.MEMBERSHIP, member__isnull=False).order_by(
        "paid_at"
    ):
        if payment.member_id not in seen:
            seen.add(payment.member_id)
            if payment.paid_at >= start:
                joined[_month(payment.paid_at)] += 1
    cancelled = Counter(
        _month(event.at)
        for event in MemberEvent.objects.filter(at__gte=start, what__startswith="Membership canceled")
    )
    return [{"month": m, "gifts": gifts[m], "joined": joined[m], "cancelled": cancelled[m]} for m in span]


def sources(limit: int = 10) -> list[dict]:
    """The pages (or forms) members joined and gave from, by money raised."""
    rows = (
        Payment.objects.filter(status=Payment.Status.PAID)
        .values("source_page_id", "source")
        .annotate(total=Sum("amount"), count=Count("pk"))
        .order_by("-total")[:limit]
    )
    from wagtail.models import Page

    titles = dict(
        Page.objects.filter(pk__in=[r["source_page_id"] for r in rows if r["source_page_id"]]).values_list(
            "pk", "title"
        )
    )
    return [
        {
            "label": titles.get(r["source_page_id"]) or r["source"] or "Direct",
            "total": r["total"],
            "count": r["count"],
        }
        for r in rows
    ]


def summary() -> dict:
    monthly = mrr()
    return {
        "currency": settings.MEMBERS_CURRENCY.upper(),
        "mrr": monthly,
        "arr": monthly * 12,
        "paying": paying_members().count(),
        "members": Member.objects.count(),
        "months": per_month(),
        "sources": sources(),
    }
