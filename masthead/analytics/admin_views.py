"""The analytics dashboard and the page of one piece's readers."""

import csv

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from wagtail.models import Page

from masthead.articles.models import AuthorPage, Region
from masthead.core.charts import bars

from . import dashboard

VIEW = "wagtailadmin.access_admin"


def _int(value):
    return int(value) if value and value.isdigit() else None


def overview(request):
    if not request.user.has_perm(VIEW):
        raise PermissionDenied
    period = request.GET.get("period", "30")
    days_back = dashboard.PERIODS.get(period, 30)
    region, author = _int(request.GET.get("region")), _int(request.GET.get("author"))
    if request.GET.get("format") == "csv":
        start, end = dashboard.span(days_back)
        return _csv(dashboard.top_pages(start, end, dashboard.pages_of(region, author)), start, end)
    numbers = dashboard.overview(days_back, region, author)
    context = {
        **numbers,
        "period": str(days_back),
        "periods": dashboard.PERIODS,
        "regions": Region.objects.all(),
        "authors": AuthorPage.objects.live().order_by("title"),
        "region": region,
        "author": author,
        "views_bars": bars([d["views"] for d in numbers["days"]], 100, 8, 2),
        "visitor_bars": bars([d["visitors"] for d in numbers["days"]], 100, 8, 2),
        "query": request.GET.urlencode(),
    }
    return render(request, "analytics/dashboard.html", context)


def _csv(top, start, end):
    response = HttpResponse(content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="most-read-{start}-{end}.csv"'
    writer = csv.writer(response)
    writer.writerow(["page_id", "title", "views", "visitors"])
    for row in top:
        writer.writerow([row["page_id"], row["title"], row["views"], row["visitors"]])
    return response


def piece(request, page_id: int):
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        raise Http404
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return _readers(request, page, [page_id], "the piece")


def author(request, page_id: int):
    """Staff's page of one author's readers: the piece page over all of
    their pieces."""
    if not request.user.has_perm(VIEW):
        raise PermissionDenied
    page = AuthorPage.objects.filter(pk=page_id).first()
    if page is None:
        raise Http404
    return _readers(request, page, dashboard.pages_of(author=page_id), "the author's page")


def _readers(request, page, page_ids, back):
    many = isinstance(page, AuthorPage)
    numbers = dashboard.pages_numbers(page_ids, many)
    context = {
        "page": page,
        "many": many,
        "back": back,
        "pieces": len(page_ids),
        **numbers,
        "views_bars": bars([d["views"] for d in numbers["days"]], 100, 8, 2),
    }
    return render(request, "analytics/piece.html", context)
