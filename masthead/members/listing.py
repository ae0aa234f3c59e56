"""The staff's members list: its filters and the counts above it."""

import django_filters
from django.db.models import Count, Q
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from masthead.core.models import Tier

from .models import Member


def _values(field: str):
    """Choices from the values the members have: sources and Stripe's
    statuses are open sets, named where they arise."""

    def choices():
        values = Member.objects.exclude(**{field: ""}).values_list(field, flat=True).distinct()
        return [(v, v) for v in sorted(values)]

    return choices


class MemberFilterSet(WagtailFilterSet):
    tier = django_filters.ModelChoiceFilter(queryset=Tier.objects.all(), empty_label="Any tier")
    subscription_status = django_filters.ChoiceFilter(
        label="Status", choices=_values("subscription_status"), empty_label="Any status"
    )
    source = django_filters.ChoiceFilter(label="Source", choices=_values("source"), empty_label="Any source")
    created_at = django_filters.DateFromToRangeFilter(label="Signed up", widget=DateRangePickerWidget)

    class Meta:
        model = Member
        fields = ["tier", "subscription_status", "source", "created_at"]


def counts(members) -> dict:
    """How many members a filtered list holds, by tier and by status."""
    by_tier = members.values_list("tier__name").annotate(n=Count("pk"))
    paying = members.exclude(subscription_status="")
    by_status = paying.values_list("subscription_status").annotate(n=Count("pk"))
    return {
        "total": members.count(),
        "tiers": _largest_first((name or "Free", n) for name, n in by_tier),
        "statuses": _largest_first(by_status),
    }


def _largest_first(rows) -> list[tuple[str, int]]:
    """Ties by name: the same order on every database."""
    return sorted(rows, key=lambda row: (-row[1], row[0]))


def filtered(params, request=None):
    """The members the list shows for these query parameters (filters and
    search), for its CSV export. Invalid filters are ignored, as the list does."""
    members = Member.objects.all()
    filters = MemberFilterSet(params, queryset=members, request=request)
    if filters.is_valid():
        members = filters.qs
    if query := params.get("q", "").strip():
        members = members.filter(Q(subscriber__email__icontains=query) | Q(name__icontains=query))
    return members
