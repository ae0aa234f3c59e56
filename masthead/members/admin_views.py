"""Staff pages of the members app that are not plain model listings: the
revenue dashboard and the members CSV export."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from masthead.core.charts import bars
from masthead.core.downloads import csv_download

from . import imports, listing, revenue

PAYMENTS_PERMISSION = "members.view_payment"


def dashboard(request):
    if not request.user.has_perm(PAYMENTS_PERMISSION):
        raise PermissionDenied
    data = revenue.summary()
    months = data["months"]
    charts = [
        ("Gifts per month", [m["gifts"] for m in months], True),
        ("New paying members per month", [m["joined"] for m in months], False),
        ("Cancellations per month", [m["cancelled"] for m in months], False),
    ]
    context = {
        **data,
        "charts": [
            {
                "title": title,
                "bars": bars(values, 120, 24, 8),
                "money": money,
                "labels": [m["month"] for m in months],
            }
            for title, values, money in charts
        ],
    }
    return render(request, "members/admin/dashboard.html", context)


def member_export(request):
    if not request.user.has_perm(PAYMENTS_PERMISSION):
        raise PermissionDenied
    header = ["email", "name", "tier", "status", "interval", "paid_until", "joined", "source"]

    def rows():
        yield header
        members = listing.filtered(request.GET, request).select_related("subscriber", "tier")
        members = members.order_by("pk").iterator(chunk_size=500)
        for m in members:
            yield [
                m.subscriber.email,
                m.name,
                m.tier.name if m.tier else "Free",
                m.subscription_status,
                m.interval,
                m.paid_until.isoformat() if m.paid_until else "",
                m.created_at.isoformat(),
                m.source,
            ]

    return csv_download(rows(), "members")


def member_import(request):
    if not request.user.has_perm("members.change_member"):
        raise PermissionDenied
    report = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            report = imports.Report(problems=["Choose a CSV file to import."])
        elif upload.size > imports.MAX_BYTES:
            report = imports.Report(problems=["The file is larger than 5 MB."])
        else:
            report = imports.import_csv(upload.read())
    status = 400 if report and report.problems else 200
    return render(request, "members/admin/import.html", {"report": report}, status=status)
