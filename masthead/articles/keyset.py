"""Pagination by key: "older than this item", not "skip N rows".

An offset makes the database walk every skipped row, so deep pages of a
large archive get slower and slower; a key is a range scan on the listing's
index whatever the depth. Links carry the key of the item at the edge of
the page, `<microseconds since the epoch>-<pk>`, so following one needs no
lookup and stays valid when that item is unpublished.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db.models import Q
from django.http import Http404

from masthead.pagecache import tags

_CURSOR = re.compile(r"^(\d{1,17})-(\d{1,18})$")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass
class KeysetPage:
    items: list
    newer: str = ""  # cursor for ?after=, when newer items exist
    older: str = ""  # cursor for ?before=, when older items exist

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)

    def __bool__(self):
        return bool(self.items)


def cursor_for(item, field: str) -> str:
    moment = getattr(item, field)
    return f"{(moment - _EPOCH) // timedelta(microseconds=1)}-{item.pk}"


def _parse(raw: str):
    match = _CURSOR.match(raw)
    if not match:
        raise Http404("That is not a position in this listing.")
    micros, pk = int(match[1]), int(match[2])
    try:
        return _EPOCH + timedelta(microseconds=micros), pk
    except OverflowError:
        raise Http404("That is not a position in this listing.") from None


def keyset_page(queryset, request, per_page: int, field: str = "listed_at") -> KeysetPage:
    """One page of `queryset` (ordered newest first by `field`, then pk),
    from the ?before= or ?after= cursor in the request. A malformed cursor
    is a 404, like a page that is not there."""
    before, after = request.GET.get("before"), request.GET.get("after")
    if before is not None and after is not None:
        raise Http404("A listing position is either before or after an item, not both.")
    if after is not None:
        moment, pk = _parse(after)
        newer_first = queryset.filter(Q(**{f"{field}__gt": moment}) | Q(**{field: moment, "pk__gt": pk}))
        rows = list(newer_first.order_by(field, "pk")[: per_page + 1])
        more_newer = len(rows) > per_page
        items = rows[:per_page][::-1]
        # The probe row decides a link, so its page is shown by this answer.
        tags.shown(*rows)
        if not items:
            raise Http404("There is nothing newer in this listing.")
        return KeysetPage(
            items,
            newer=cursor_for(items[0], field) if more_newer else "",
            older=cursor_for(items[-1], field),
        )
    ordered = queryset.order_by(f"-{field}", "-pk")
    if before is not None:
        moment, pk = _parse(before)
        ordered = ordered.filter(Q(**{f"{field}__lt": moment}) | Q(**{field: moment, "pk__lt": pk}))
    rows = list(ordered[: per_page + 1])
    tags.shown(*rows)
    items = rows[:per_page]
    if before is not None and not items:
        raise Http404("There is nothing older in this listing.")
    return KeysetPage(
        items,
        newer=cursor_for(items[0], field) if before is not None else "",
        older=cursor_for(items[-1], field) if len(rows) > per_page else "",
    )
