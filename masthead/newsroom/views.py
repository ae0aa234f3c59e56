from base64 import b32encode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django_otp import user_has_device

from . import importing, licences, twofactor
from .forms import ImportForm
from .importing import runs, tasks
from .importing.apply import load_mapping
from .importing.posts import ExportError
from .models import ImportRun, ImportUpload


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
    """Administrators upload a WordPress, Ghost or Substack export. The file
    is read whole here, so a broken one is refused at once, saying where;
    then a worker imports it (newsroom.tasks.run_import) and its page shows
    how far it has come, then its report."""
    if not request.user.has_perm("newsroom.run_import"):
        raise PermissionDenied
    error = ""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        content = data["export"].read()
        try:
            export = importing.parse(data["source"], content)
            load_mapping(data["mapping"])
        except ExportError as failure:
            error = f"{failure} Nothing was imported."
        else:
            run = runs.start(
                source=data["source"],
                file_name=data["export"].name,
                by=request.user,
                dry_run=data["dry_run"],
                total=len(export.posts),
                status="queued",
            )
            ImportUpload.objects.create(
                run=run,
                data=content,
                mapping=data["mapping"] or "",
                media=data["media"] or "",
                fetch=data["fetch"],
                site=data["site"],
            )
            tasks.run_import.enqueue(run.pk)
            return redirect("newsroom_import_run", run.pk)
    context = {"form": form, "error": error, "runs": ImportRun.objects.select_related("by")[:20]}
    return render(request, "newsroom/import.html", context)


OUTCOME_FILTERS = ["created", "updated", "unchanged", "conflict", "skipped"]


def import_run(request, pk, as_csv=False):
    """One import's report: every item, what became of it, and why."""
    if not request.user.has_perm("newsroom.run_import"):
        raise PermissionDenied
    run = get_object_or_404(ImportRun, pk=pk)
    if as_csv:
        response = HttpResponse(runs.as_csv(run, request), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="import-{run.pk}.csv"'
        return response
    items = run.items.select_related("page")
    shown = request.GET.get("outcome", "")
    if shown in OUTCOME_FILTERS:
        items = items.filter(outcome=shown)
    context = {"run": run, "items": items, "outcomes": run.outcomes(), "shown": shown}
    return render(request, "newsroom/import_run.html", context)
