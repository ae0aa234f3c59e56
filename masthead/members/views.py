"""Members' pages: thin; the work is in accounts.py, payments.py and
webhooks.py."""

import logging

from django.conf import settings
from django.contrib.auth import login, logout
from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from masthead.core.models import Tier
from masthead.core.ratelimit import client_ip
from masthead.newsletter import links as newsletter_links

from . import accounts, levels, mails, payments, webhooks
from .forms import DeleteForm, DonateForm, EmailChangeForm, JoinForm, ProfileForm, SignInForm

log = logging.getLogger(__name__)


def _safe_next(request, value: str) -> str:
    if value and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}):
        return value
    return ""


def _member(request):
    return getattr(request, "member", None)


def _sign_in_first(request, next_path: str):
    return redirect(f"/account/sign-in/?next={next_path}")


# --- Signing in ---------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def sign_in(request):
    if request.method != "POST":
        initial = {"next": _safe_next(request, request.GET.get("next", "")), "page": request.GET.get("from")}
        return render(request, "members/sign_in.html", {"form": SignInForm(initial=initial)})
    form = SignInForm(request.POST)
    if not form.is_valid():
        return render(request, "members/sign_in.html", {"form": form}, status=400)
    data = form.cleaned_data
    member = accounts.request_sign_in(
        data["email"], client_ip(request), source="sign-in", page_id=data.get("page")
    )
    if member is not None:
        link = accounts.sign_in_link(member, _safe_next(request, data["next"]))
        mails.send_sign_in.enqueue(member.pk, link)
    # The same answer whatever happened: no one learns who has an account.
    return redirect("members:check_mail")


def check_mail(request):
    return render(request, "members/check_mail.html")


@require_http_methods(["GET", "HEAD", "POST"])
def sign_in_link(request):
    """Opening the link shows a button; only pressing it spends the link
    (mail scanners open links, and must not use them up)."""
    token = request.GET.get(settings.SESAME_TOKEN_NAME, "")
    next_path = _safe_next(request, request.GET.get("next", "")) or "/account/"
    if request.method != "POST":
        if not token:
            return render(request, "members/bad_link.html", status=400)
        return render(request, "members/sign_in_link.html", {"next": next_path})
    member = accounts.member_from_link(request)
    if member is None:
        return render(request, "members/bad_link.html", status=400)
    login(request, member.user, backend="django.contrib.auth.backends.ModelBackend")
    request.member = member
    request.access_level = levels.level_of(member)
    return redirect(next_path)


@require_POST
def sign_out(request):
    logout(request)
    response = redirect("/")
    levels.clear_cookie(response)
    return response


# --- The account page ---------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def account(request):
    member = _member(request)
    if member is None:
        return _sign_in_first(request, "/account/")
    profile = ProfileForm(request.POST if request.method == "POST" else None, initial={"name": member.name})
    if request.method == "POST" and profile.is_valid():
        member.name = profile.cleaned_data["name"]
        member.save(update_fields=["name"])
        return redirect("members:account")
    context = {
        "member": member,
        "profile": profile,
        "email_form": EmailChangeForm(),
        "tier": levels.paid_tier(member),
        "payments": member.payments.all()[:50],
        "preferences_url": newsletter_links.preferences_url(member.subscriber),
        "newsletters": member.subscriber.newsletter_names(),
    }
    return render(request, "members/account.html", context, status=400 if request.method == "POST" else 200)


@require_POST
def change_email(request):
    member = _member(request)
    if member is None:
        return _sign_in_first(request, "/account/")
    form = EmailChangeForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "members/message.html",
            {"title": "That address will not do", "errors": form.errors["email"]},
            status=400,
        )
    new = form.cleaned_data["email"]
    if accounts.may_send_sign_in(new, client_ip(request)):
        link = f"{settings.SITE_URL}/account/email/{accounts.email_change_token(member, new)}/"
        mails.send_email_change.enqueue(member.pk, new, link)
    return render(
        request,
        "members/message.html",
        {
            "title": "Check your new address",
            "text": f"We sent a link to {new}. Your address changes when you open it.",
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def confirm_email(request, token):
    if request.method != "POST":
        return render(request, "members/confirm_email.html")
    try:
        accounts.change_email(token)
    except accounts.BadEmailChange as error:
        return render(
            request,
            "members/message.html",
            {"title": "Your address did not change", "text": str(error)},
            status=400,
        )
    return render(
        request,
        "members/message.html",
        {"title": "Your address has changed", "text": "Mail from us now goes to the new address."},
    )


@require_POST
def billing(request):
    member = _member(request)
    if member is None:
        return _sign_in_first(request, "/account/")
    try:
        return redirect(payments.portal(member))
    except payments.PaymentsUnavailable as error:
        return render(
            request,
            "members/message.html",
            {"title": "Billing is not available", "text": str(error)},
            status=503,
        )


def export(request):
    member = _member(request)
    if member is None:
        return _sign_in_first(request, "/account/")
    response = HttpResponse(accounts.export(member), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-account.json"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def delete(request):
    member = _member(request)
    if member is None:
        return _sign_in_first(request, "/account/delete/")
    form = DeleteForm(request.POST if request.method == "POST" else None)
    if request.method != "POST" or not form.is_valid():
        status = 400 if request.method == "POST" else 200
        return render(request, "members/delete.html", {"form": form, "member": member}, status=status)
    try:
        payments.cancel_all(member)
    except payments.PaymentsUnavailable as error:
        return render(
            request,
            "members/message.html",
            {"title": "Your account was not deleted", "text": str(error)},
            status=503,
        )
    accounts.delete(member)
    logout(request)
    response = render(
        request,
        "members/message.html",
        {
            "title": "Your account is deleted",
            "text": "We no longer hold your address, your newsletters or your history. "
            "Payments stay in our accounts, with no name on them.",
        },
    )
    levels.clear_cookie(response)
    return response


# --- Joining and giving ---------------------------------------------------------------


def join(request):
    tiers = list(Tier.objects.all())
    context = {
        "tiers": tiers,
        "member": _member(request),
        "current": levels.paid_tier(_member(request)) if _member(request) else None,
        "page_id": request.GET.get("from", ""),
        "currency": settings.MEMBERS_CURRENCY.upper(),
    }
    return render(request, "members/join.html", context)


@require_POST
def join_checkout(request):
    form = JoinForm(request.POST)
    if not form.is_valid():
        context = {
            "tiers": Tier.objects.all(),
            "errors": form.non_field_errors(),
            "field_errors": {k: v for k, v in form.errors.items() if k != "__all__"},
            "currency": settings.MEMBERS_CURRENCY.upper(),
            "member": _member(request),
        }
        return render(request, "members/join.html", context, status=400)
    member = _member(request)
    if member is None:
        return _sign_in_first(request, "/join/")
    data = form.cleaned_data
    try:
        url = payments.membership_checkout(
            member, data["tier"], data["interval"], _source(request, data), data["page"]
        )
    except payments.PaymentsUnavailable as error:
        return render(
            request, "members/message.html", {"title": "Nothing was charged", "text": str(error)}, status=503
        )
    return redirect(url)


def _source(request, data) -> str:
    return f"page {data['page']}" if data.get("page") else request.META.get("HTTP_REFERER", "")[:200]


def thanks(request, kind):
    """Back from Checkout. The webhook does the work; reading the session
    here too makes the change visible at once if the webhook is late."""
    session_id = request.GET.get("session_id", "")
    if session_id.startswith("cs_"):
        try:
            webhooks.sync_checkout(session_id)
        except Exception:
            log.warning("could not read checkout %s on return; the webhook will", session_id, exc_info=True)
    return render(request, "members/thanks.html", {"kind": kind, "member": _member(request)})


def support(request):
    form = DonateForm(initial={"page": request.GET.get("from")})
    return render(request, "members/support.html", _support_context(form))


def _support_context(form) -> dict:
    return {
        "form": form,
        "page_id": "",
        "amounts": settings.MEMBERS_DONATION_AMOUNTS,
        "currency": settings.MEMBERS_CURRENCY.upper(),
        "fee_percent": settings.STRIPE_FEE_PERCENT,
        "fee_fixed": settings.STRIPE_FEE_FIXED / 100,
    }


# The donation box sits on cached pages, which carry no per-reader CSRF
# token. A forged post can only open a Checkout page in the reader's
# browser; nothing is charged without them.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def support_checkout(request):
    if request.method != "POST":
        return redirect("members:support")
    form = DonateForm(request.POST)
    if not form.is_valid():
        return render(request, "members/support.html", _support_context(form), status=400)
    data = form.cleaned_data
    try:
        url = payments.donation_checkout(
            _member(request),
            data["cents"],
            data["interval"],
            data["cover_fees"],
            _source(request, data),
            data["page"],
        )
    except payments.PaymentsUnavailable as error:
        return render(
            request, "members/message.html", {"title": "Nothing was charged", "text": str(error)}, status=503
        )
    return redirect(url)


@csrf_exempt
def stripe_webhook(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if len(request.body) > settings.STRIPE_WEBHOOK_MAX_BYTES:
        return JsonResponse({"error": "too large"}, status=413)
    status, outcome = webhooks.receive(request.body, request.headers.get("Stripe-Signature", ""))
    return JsonResponse({"outcome": outcome}, status=status)
