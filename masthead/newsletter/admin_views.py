"""Staff views beyond Wagtail's generic ones: drafting and sending an
edition, watching it go out, importing and exporting subscribers."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.widgets import AdminDateTimeInput

from masthead.core.downloads import csv_download

from . import delivery, engagement, imports, tasks
from .addresses import normalise_email
from .editions import draft_edition
from .models import Edition, Newsletter, Subscriber
from .subscriptions import receives


def _require(request, perm: str):
    if not request.user.has_perm(f"newsletter.{perm}"):
        raise PermissionDenied


# --- Editions ----------------------------------------------------------------


class DraftForm(forms.Form):
    newsletter = forms.ModelChoiceField(Newsletter.objects.all(), empty_label=None)


def edition_draft(request):
    _require(request, "add_edition")
    form = DraftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        edition = draft_edition(form.cleaned_data["newsletter"])
        messages.success(
            request, f"Drafted “{edition.subject}” with {edition.items.count()} stories from the last week."
        )
        return redirect(reverse("wagtailsnippets_newsletter_edition:edit", args=[edition.pk]))
    return render(request, "newsletter/admin/draft.html", {"form": form, "page_title": "Draft an edition"})


class TestForm(forms.Form):
    address = forms.CharField(label="Send a test to", max_length=320)

    def clean_address(self):
        return normalise_email(self.cleaned_data["address"])


class SendForm(forms.Form):
    window_minutes = forms.IntegerField(
        label="Spread over (minutes)",
        min_value=0,
        max_value=7 * 24 * 60,
        initial=0,
        help_text="0 sends as fast as the send-rate cap allows.",
    )


class ScheduleForm(SendForm):
    when = forms.DateTimeField(label="Send at", widget=AdminDateTimeInput)

    def clean_when(self):
        when = self.cleaned_data["when"]
        if when <= timezone.now():
            raise forms.ValidationError("Choose a time in the future, or send now.")
        return when


def edition_send(request, pk):
    _require(request, "change_edition")
    edition = get_object_or_404(Edition.objects.select_related("newsletter"), pk=pk)
    test_form, send_form, schedule_form = TestForm(), SendForm(), ScheduleForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "test":
            test_form = TestForm(request.POST)
            if test_form.is_valid():
                tasks.send_test.enqueue(edition.pk, test_form.cleaned_data["address"])
                messages.success(request, f"A test is on its way to {test_form.cleaned_data['address']}.")
                return redirect(request.path)
        elif not edition.editable:
            messages.error(request, "This edition has already gone out.")
            return redirect(request.path)
        elif action == "send":
            send_form = SendForm(request.POST)
            if send_form.is_valid():
                queued = delivery.send_now(edition, send_form.cleaned_data["window_minutes"])
                messages.success(request, f"Sending to {queued} subscribers.")
                return redirect(request.path)
        elif action == "schedule":
            schedule_form = ScheduleForm(request.POST)
            if schedule_form.is_valid():
                data = schedule_form.cleaned_data
                tasks.schedule_send(edition, data["when"], data["window_minutes"])
                messages.success(
                    request, f"Scheduled for {timezone.localtime(data['when']):%d %b %Y, %H:%M}."
                )
                return redirect(request.path)
        elif action == "unschedule":
            Edition.objects.filter(pk=edition.pk, state=Edition.State.SCHEDULED).update(
                state=Edition.State.DRAFT, scheduled_at=None
            )
            messages.success(request, "The schedule is cancelled; the edition is a draft again.")
            return redirect(request.path)
    edition.refresh_from_db()
    context = {
        "edition": edition,
        "page_title": f"Send “{edition.subject}”",
        "audience": receives(edition.newsletter).count(),
        "test_form": test_form,
        "send_form": send_form,
        "schedule_form": schedule_form,
        "edit_url": reverse("wagtailsnippets_newsletter_edition:edit", args=[edition.pk]),
        "preview_url": reverse("newsletter:edition", args=[edition.pk]) if not edition.editable else None,
    }
    if edition.state in (Edition.State.SENDING, Edition.State.SENT):
        context["progress"] = delivery.progress(edition)
        context["failures"] = delivery.failures(edition)
    if edition.content and edition.content.get("tracked"):
        context["engagement"] = engagement.report(edition)
    return render(request, "newsletter/admin/send.html", context)


# --- Subscribers ----------------------------------------------------------------


def subscriber_counts() -> dict:
    by_state = dict(Subscriber.objects.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    newsletters = Newsletter.objects.annotate(
        active=Count(
            "subscriptions",
            filter=Q(subscriptions__confirmed_at__isnull=False, subscriptions__subscriber__state="active"),
        ),
        waiting=Count("subscriptions", filter=Q(subscriptions__confirmed_at__isnull=True)),
    )
    return {
        "states": [(label, by_state.get(value, 0), value) for value, label in Subscriber.State.choices],
        "newsletters": newsletters,
    }


class ImportForm(forms.Form):
    file = forms.FileField(label="CSV file", help_text="A column 'email'; optionally 'newsletters' (slugs).")
    source = forms.CharField(
        label="Where they consented",
        max_length=100,
        help_text="Recorded with each subscriber, e.g. 'Ghost export'.",
    )
    newsletters = forms.ModelMultipleChoiceField(
        Newsletter.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="For rows that name no newsletter.",
    )


def subscriber_import(request):
    _require(request, "add_subscriber")
    form = ImportForm(request.POST or None, request.FILES or None)
    problems, report = [], None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > imports.MAX_BYTES:
                raise imports.ImportRefused(
                    [f"The file is larger than {imports.MAX_BYTES // 2**20} MB; split it."]
                )
            report = imports.import_csv(
                upload.read(), form.cleaned_data["source"], form.cleaned_data["newsletters"]
            )
        except imports.ImportRefused as refused:
            problems = refused.problems
    status = 400 if (request.method == "POST" and (problems or form.errors)) else 200
    return render(
        request,
        "newsletter/admin/import.html",
        {"form": form, "problems": problems, "report": report, "page_title": "Import subscribers"},
        status=status,
    )


def subscriber_export(request):
    _require(request, "view_subscriber")
    queryset = Subscriber.objects.order_by("pk")
    if request.GET.get("state") in Subscriber.State.values:
        queryset = queryset.filter(state=request.GET["state"])
    if request.GET.get("newsletter"):
        queryset = queryset.filter(subscriptions__newsletter__slug=request.GET["newsletter"])
    return csv_download(imports.export_rows(queryset), "subscribers")
