"""Public newsletter pages: thin, the work is in subscriptions.py."""

from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from masthead.core import pixel
from masthead.core.ratelimit import client_ip

from . import engagement, links, subscriptions, tasks
from .forms import SOURCES, PreferencesForm, SignUpForm
from .models import Edition, Newsletter
from .rendering import content_for


def _bad_link(request, error: links.BadLink):
    return render(request, "newsletter/bad_link.html", {"message": error.message}, status=400)


# Cached pages carry the sign-up box without a per-visitor CSRF token. A
# forged sign-up can do no harm: nothing is sent but a confirmation.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def sign_up(request):
    if request.method != "POST":
        return render(request, "newsletter/sign_up.html", {"form": SignUpForm(initial={"source": "page"})})
    form = SignUpForm(request.POST)
    if form.is_bot:
        return redirect("newsletter:check-inbox")
    if subscriptions.ip_over_limit(client_ip(request)):
        return render(request, "newsletter/rate_limited.html", status=429)
    if not form.is_valid():
        return render(request, "newsletter/sign_up.html", {"form": form}, status=400)
    data = form.cleaned_data
    result = subscriptions.sign_up(
        data["email"],
        data["newsletters"],
        SOURCES.get(data["source"] or "page"),
        ip=client_ip(request),
        page_id=data.get("page"),
    )
    if result.mail:
        tasks.send_subscriber_mail.enqueue(result.subscriber.pk, result.mail)
    # The same answer whatever happened: no one learns who is subscribed.
    return redirect("newsletter:check-inbox")


def check_inbox(request):
    return render(request, "newsletter/check_inbox.html")


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """Opening the link only shows a button: mail scanners fetch links, and
    must not subscribe anyone by doing so."""
    try:
        subscriber = links.subscriber_from_confirm(token)
    except links.BadLink as error:
        return _bad_link(request, error)
    if request.method == "POST":
        subscriptions.confirm(subscriber, ip=client_ip(request))
        return render(
            request,
            "newsletter/confirmed.html",
            {
                "newsletters": subscriptions.confirmed_newsletters(subscriber),
                "preferences_url": links.preferences_url(subscriber),
            },
        )
    waiting = subscriber.subscriptions.select_related("newsletter")
    return render(request, "newsletter/confirm.html", {"subscriber": subscriber, "subscriptions": waiting})


@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request, token):
    try:
        subscriber = links.subscriber_from_manage(token)
    except links.BadLink as error:
        return _bad_link(request, error)
    saved = False
    if request.method == "POST":
        if "unsubscribe_all" in request.POST:
            subscriptions.unsubscribe(subscriber, source="preferences", ip=client_ip(request))
            return render(
                request, "newsletter/unsubscribed.html", {"preferences_url": request.path, "left": None}
            )
        form = PreferencesForm(request.POST)
        if form.is_valid():
            subscriptions.set_newsletters(subscriber, form.cleaned_data["newsletters"], ip=client_ip(request))
            subscriber.refresh_from_db()
            saved = True
        else:
            return render(
                request, "newsletter/preferences.html", {"form": form, "subscriber": subscriber}, status=400
            )
    chosen = [n.slug for n in subscriptions.confirmed_newsletters(subscriber)]
    form = PreferencesForm(initial={"newsletters": chosen})
    return render(
        request, "newsletter/preferences.html", {"form": form, "subscriber": subscriber, "saved": saved}
    )


# RFC 8058: the mail client POSTs here with no session and no token; the
# signed link is the authority. Idempotent.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    try:
        subscriber = links.subscriber_from_manage(token)
    except links.BadLink as error:
        return _bad_link(request, error)
    newsletter = Newsletter.objects.filter(slug=request.GET.get("list", "")).first()
    context = {"newsletter": newsletter, "preferences_url": links.preferences_url(subscriber)}
    if request.method == "POST":
        subscriptions.unsubscribe(subscriber, newsletter, source="unsubscribe link", ip=client_ip(request))
        return render(request, "newsletter/unsubscribed.html", {**context, "left": newsletter})
    return render(request, "newsletter/unsubscribe.html", context)


def archive(request):
    editions = (
        Edition.objects.filter(
            state__in=[Edition.State.SENDING, Edition.State.SENT], newsletter__is_public=True
        )
        .select_related("newsletter")
        .order_by("-started_at", "-pk")[:200]
    )
    return render(request, "newsletter/archive.html", {"editions": editions})


def edition(request, pk):
    edition = Edition.objects.filter(pk=pk, state__in=[Edition.State.SENDING, Edition.State.SENT]).first()
    if edition is None:
        raise Http404("No such edition")
    return render(request, "newsletter/edition.html", {"edition": edition, "content": content_for(edition)})


@require_http_methods(["GET", "HEAD"])
def click(request, token):
    """A tracked link of an edition: counted, then on to its target."""
    target = engagement.checked_target(request.GET.get("u", ""), request.GET.get("s", ""))
    if target is None:
        error = links.BadLink("This link was changed after we sent it. Check that it was copied in full.")
        return _bad_link(request, error)
    engagement.record_click(token, target)
    response = HttpResponseRedirect(target)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_http_methods(["GET", "HEAD"])
def opened(request, token):
    engagement.record_open(token)
    response = HttpResponse(pixel.GIF, content_type="image/gif")
    response["Cache-Control"] = "no-store"
    return response
