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

from masthead.core import tags

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


def _window(source, pk_name, field, moment, pk, older: bool, limit: int) -> list[tuple]:
    """(date, pk) of up to `limit` rows of `source` beyond the cursor."""
    direction, sign = ("lt", "-") if older else ("gt", "")
    if moment is not None:
        source = source.filter(
            Q(**{f"{field}__{direction}": moment}) | Q(**{field: moment, f"{pk_name}__{direction}": pk})
        )
    rows = source.order_by(f"{sign}{field}", f"{sign}{pk_name}").values_list(field, pk_name)[:limit]
    return list(rows)


def keyset_page(items, request, per_page: int, sources=None, field: str = "listed_at") -> KeysetPage:
    """One page of a listing, newest first by `field` then pk, from the
    ?before= or ?after= cursor in the request. A malformed cursor is a 404,
    like a page that is not there.

    `sources` are (queryset, name of the item pk in it) whose rows carry
    `field`: each is read as one range of its own index and the ranges are
    merged, so a listing made of several (an author's credits; a region's
    own and further articles) never needs an OR or a sort across tables.
    The page's objects are then fetched from `items` by pk.
    """
    before, after = request.GET.get("before"), request.GET.get("after")
    return keyset_window(items, per_page, sources, field, before=before, after=after)


def keyset_window(
    items, per_page: int, sources=None, field="listed_at", *, before=None, after=None
) -> KeysetPage:
    """`keyset_page` for cursors given directly (the content API)."""
    sources = sources or [(items, "pk")]
    if before is not None and after is not None:
        raise Http404("A listing position is either before or after an item, not both.")
    older = after is None
    moment, pk = _parse(before if older else after) if (before or after) is not None else (None, None)
    rows = sorted(
        {
            row
            for source, pk_name in sources
            for row in _window(source, pk_name, field, moment, pk, older, per_page + 1)
        },
        reverse=older,
    )[: per_page + 1]
    found = {obj.pk: obj for obj in items.filter(pk__in=[row[1] for row in rows])}
    ordered = [found[row[1]] for row in rows if row[1] in found]
    # The probe row decides a link, so its page is shown by this answer too.
    tags.shown(*ordered)
    more = len(ordered) > per_page
    shown_items = ordered[:per_page] if older else ordered[:per_page][::-1]
    if moment is not None and not shown_items:
        raise Http404("There is nothing more in this listing.")
    if older:
        return KeysetPage(
            shown_items,
            newer=cursor_for(shown_items[0], field) if moment is not None else "",
            older=cursor_for(shown_items[-1], field) if more else "",
        )
    return KeysetPage(
        shown_items,
        newer=cursor_for(shown_items[0], field) if more else "",
        older=cursor_for(shown_items[-1], field),
    )
