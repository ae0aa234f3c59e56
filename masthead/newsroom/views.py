from base64 import b32encode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django_otp import user_has_device

from . import licences, twofactor
from .forms import ImportForm
from .importing import run_import
from .importing.posts import ExportError


def licence_report(request):
    if not licences.may_see(request.user):
        raise PermissionDenied
    return render(request, "newsroom/licence_report.html", {"rows": licences.report()})


def two_factor_setup(request):
    """Set up an authenticator app: scan the code (or type the key), then
    enter the six digits it shows. Someone who already has an app must
    prove it first, so a stolen password cannot add a second one."""
    user = request.user
    if user_has_device(user, confirmed=True) and not user.is_verified():
        return redirect(f"{reverse(twofactor.VERIFY)}?{request.GET.urlencode()}")
    device = twofactor.pending_device(user)
    error = ""
    if request.method == "POST":
        if twofactor.confirm(request, device, request.POST.get("token", "")):
            messages.success(request, "Two-factor sign-in is set up. Keep the app: you need it to sign in.")
            return redirect(twofactor.safe_next(request))
        error = "That code did not match. Enter the six digits the app shows now."
    context = {
        "qr": twofactor.qr_svg(device),
        "key": b32encode(device.bin_key).decode(),
        "error": error,
        "next": twofactor.safe_next(request),
    }
    return render(request, "newsroom/2fa_setup.html", context)


def two_factor_verify(request):
    if not user_has_device(request.user, confirmed=True):
        return redirect(f"{reverse(twofactor.SETUP)}?{request.GET.urlencode()}")
    error = ""
    if request.method == "POST":
        outcome = twofactor.verify(request, request.POST.get("token", ""))
        if outcome == "ok":
            return redirect(twofactor.safe_next(request))
        error = (
            "Too many wrong codes: wait a little, then enter the code the app shows."
            if outcome == "wait"
            else "That code did not match. Enter the six digits the app shows now."
        )
    return render(request, "newsroom/2fa_verify.html", {"error": error, "next": twofactor.safe_next(request)})


def import_posts(request):
    """Administrators upload a WordPress or Ghost export; the report shows
    what was created, updated, left unchanged and skipped, and why."""
    if not request.user.has_perm("newsroom.run_import"):
        raise PermissionDenied
    report, error = None, ""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        media = settings.IMPORT_MEDIA_ROOT / data["media"] if data["media"] else None
        try:
            report = run_import(
                data["source"], data["export"].read(), data["mapping"], media, dry_run=data["dry_run"]
            )
        except ExportError as failure:
            error = f"{failure} Nothing was imported."
    return render(request, "newsroom/import.html", {"form": form, "report": report, "error": error})
